import Foundation
import OrkKatalog
import OrkKube
import OrkSandbox
import OrkSandboxAdmission
import OrkTestSupport
import OrkValue
import Testing

/// examples/website's admission rules inside the sandbox: a denied Website is refused with the words
/// the API server uses for the gateway's webhook, defaults are filled on create, status writes are
/// not admitted, and nothing runs when the Katalog turns admission off.
@Suite struct KatalogSandboxAdmissionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let websites = APIResource(group: "demo.orkestra.io", version: "v1alpha1", resource: "websites", kind: "Website",
                                      namespaced: true)

    static func website(_ name: String, image: String, replicas: Int? = nil) -> JSONValue {
        var spec: [String: JSONValue] = ["image": .string(image), "title": "Hello"]
        if let replicas { spec["replicas"] = .int(replicas) }
        return ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "metadata": ["name": .string(name)],
                "spec": .object(spec)]
    }

    /// A sandbox with the website CRD, and the website Katalog's admission installed (unless `admission` is false).
    static func withSandbox(admission: Bool = true, _ body: (TestCluster, String) async throws -> Void) async throws {
        var katalog = try #require(KatalogLoader.load(file: "\(root)/examples/website/katalog.yaml").katalog)
        katalog.security.admissionEnabled = admission
        try await TestCluster.run(.sandbox) { cluster, namespace in
            let crdText = try String(contentsOfFile: "\(root)/examples/website/crd.yaml", encoding: .utf8)
            let crd = try #require(try YAMLReader.documents(crdText, file: "crd.yaml").first?.jsonValue)
            _ = try await cluster.client.create(TestCluster.crds, namespace: nil, crd)
            await cluster.sandbox?.store.setAdmission(KatalogSandboxAdmission(katalog: katalog))
            try await body(cluster, namespace)
        }
    }

    @Test func denyRulesRefuseAndMutationDefaultsAsTheGatewayWould() async throws {
        try await Self.withSandbox { cluster, namespace in
            let kube = cluster.client
            do throws(KubeError) {
                _ = try await kube.create(Self.websites, namespace: namespace, Self.website("bad", image: "nginx:latest"))
                Issue.record("a :latest image must be refused")
            } catch {
                #expect(error.status == 400)
                #expect(error.message == "admission webhook \"validate.orkestra.orkspace.io\" denied the request: "
                        + "[\(namespace)/bad] spec.image: pin the image to a version: nginx:latest uses :latest")
            }
            #expect(try await kube.list(Self.websites, namespace: namespace).items.isEmpty, "nothing was stored")

            let created = try await kube.create(Self.websites, namespace: namespace, Self.website("good", image: "nginx:1.27"))
            #expect(created.value(atDotted: "spec.replicas") == 2, "the mutation default is stored")

            let edited = try #require(created.setting(.int(20), at: ["spec", "replicas"]))
            do throws(KubeError) {
                _ = try await kube.update(Self.websites, namespace: namespace, edited)
                Issue.record("replicas 20 must be refused on update")
            } catch {
                #expect(error.message.hasSuffix("spec.replicas: replicas must be between 1 and 10, got 20"))
            }

            // The status subresource is not admitted (the gateway's webhooks do not cover it).
            let stored = try await kube.get(Self.websites, namespace: namespace, name: "good")
            let status = try #require(stored.setting(["phase": "Running", "replicas": 20], at: ["status"]))
            _ = try await kube.update(Self.websites, namespace: namespace, status, subresource: "status")

            if TestCluster.kubectlAvailable {
                let manifest = "apiVersion: demo.orkestra.io/v1alpha1\nkind: Website\nmetadata: {name: cli, namespace: \(namespace)}\n"
                    + "spec: {image: \"nginx:latest\"}\n"
                do {
                    _ = try cluster.kubectl(["apply", "-f", "-"], input: manifest)
                    Issue.record("kubectl apply of a :latest image must fail")
                } catch {
                    #expect("\(error)".contains("admission webhook \"validate.orkestra.orkspace.io\" denied the request"))
                }
            }
        }
    }

    @Test func nothingIsAdmittedWhenTheKatalogTurnsAdmissionOff() async throws {
        var katalog = try #require(KatalogLoader.load(file: "\(Self.root)/examples/website/katalog.yaml").katalog)
        katalog.security.admissionEnabled = false
        #expect(KatalogSandboxAdmission(katalog: katalog) == nil)
        try await Self.withSandbox(admission: false) { cluster, namespace in
            let created = try await cluster.client.create(Self.websites, namespace: namespace, Self.website("any", image: "nginx:latest"))
            #expect(created.value(atDotted: "spec.replicas") == nil)
        }
    }
}
