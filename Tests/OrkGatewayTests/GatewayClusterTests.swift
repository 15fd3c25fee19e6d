import Synchronization
import Foundation
import Logging
import OrkKatalog
import OrkValue
import OrkKube
import OrkTestSupport
import Testing
@testable import OrkGateway

/// The gateway against the real kube-apiserver (scripts/kube-local, ORK_KUBE_INTEGRATION=1): it
/// registers its webhook configurations pointing at itself over HTTPS on loopback, and kubectl sees
/// the effects — a violating CR refused with the rule's message, defaults filled in, objects read
/// in another version through the conversion webhook, a protected object kept, a deleted
/// configuration re-created — and on shutdown with cleanup the configurations are gone.
///
/// Its deletion-protection webhook is cluster-wide (every labelled object, every CRD) with
/// failurePolicy Fail, so it must not run beside other tests that delete labelled objects: it runs
/// only with `ORK_GATEWAY_WEBHOOK_TEST=1`, which scripts/test sets in a `swift test` of its own.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"
                              && ProcessInfo.processInfo.environment["ORK_GATEWAY_WEBHOOK_TEST"] == "1"))
struct GatewayClusterTests {
    static let katalogFile = "\(WebhookTests.root)/Tests/OrkGatewayTests/Katalogs/katalog.yaml"

    static func gadget(_ name: String, _ spec: JSONValue, apiVersion: String = "gateway.orkestra.io/v1alpha1") -> String {
        let object: JSONValue = ["apiVersion": .string(apiVersion), "kind": "Gadget", "metadata": ["name": .string(name)], "spec": spec]
        return object.serialized()
    }

    @Test func webhooksServeTheRealAPIServer() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            let katalog = try #require(KatalogLoader.load(file: Self.katalogFile).katalog)
            _ = try await KatalogBootstrapForTests.applyCRD(cluster, file: "\(WebhookTests.root)/Tests/OrkGatewayTests/Katalogs/crd.yaml")
            var configuration = GatewayConfiguration()
            configuration.dev = true
            configuration.host = "127.0.0.1"
            configuration.httpPort = 0
            configuration.httpsPort = 0
            configuration.namespace = namespace
            configuration.cleanupOnShutdown = true
            configuration.syncInterval = .seconds(2)
            var logger = Logger(label: "orkestra.gateway.test")
            logger.logLevel = .warning
            let gateway = Gateway(katalog: katalog, configuration: configuration, client: cluster.client, logger: logger)
            let ports = PortPair()
            let task = Task { try await gateway.run { http, https in ports.set(http, https) } }
            defer { task.cancel() }
            #expect(try await eventually(timeout: .seconds(60)) { ports.value != nil })
            let validating = try await cluster.client.resource(apiVersion: "admissionregistration.k8s.io/v1",
                                                               kind: "ValidatingWebhookConfiguration")
            func configurationExists(_ name: String) async -> Bool {
                (try? await cluster.client.get(validating, namespace: nil, name: name)) != nil
            }
            #expect(try await eventually(timeout: .seconds(60)) { await configurationExists(GatewayNames.validatingConfiguration) })
            let kubectl = { (arguments: [String], input: String?) throws -> String in
                try cluster.kubectl(["-n", namespace] + arguments, input: input)
            }

            // 1. A violating CR is refused with the rule's message (the API server may need a moment
            //    to pick up a new webhook configuration: retry until it answers with the denial).
            var refusal = ""
            #expect(try await eventually(timeout: .seconds(60)) {
                do {
                    _ = try kubectl(["apply", "-f", "-"], Self.gadget("bad", ["image": "docker.io/nginx:1.27", "title": "x"]))
                    _ = try? kubectl(["delete", "gadget", "bad", "--wait=false"], nil)
                    return false
                } catch {
                    refusal = "\(error)"
                    return refusal.contains("denied the request")
                }
            }, "\(refusal)")
            #expect(refusal.contains("[\(namespace)/bad] spec.image: images must come from the internal registry (registry.internal/)"),
                    "\(refusal)")

            // 2. A CR missing replicas gets the default; the warn rule shows as a warning. The API server
            //    picks up the mutating configuration on its own (a loaded one later than the validating
            //    one): until it has, the CR is stored without the default, so it is created again.
            var stored: JSONValue = .null
            #expect(try await eventually(timeout: .seconds(60)) {
                _ = try? kubectl(["delete", "gadgets.v1alpha1.gateway.orkestra.io", "good", "--ignore-not-found"], nil)
                _ = try kubectl(["apply", "-f", "-"], Self.gadget("good", ["image": "registry.internal/web:1", "title": "Hello"]))
                stored = try JSONValue.parse(try kubectl(["get", "gadgets.v1alpha1.gateway.orkestra.io", "good", "-o", "json"], nil))
                return stored.value(atDotted: "spec.replicas") == 2
            }, "\(stored.serialized())")

            // 3. Read in v1: the API server converts through /convert (once it picked up the CRD's
            //    conversion webhook, which the gateway patched in).
            var v1: JSONValue = .null
            #expect(try await eventually(timeout: .seconds(60)) {
                v1 = (try? JSONValue.parse(try kubectl(["get", "gadgets.v1.gateway.orkestra.io", "good", "-o", "json"], nil))) ?? .null
                return v1.value(atDotted: "spec.site.title") != nil
            }, "\(v1.serialized())")
            #expect(v1["apiVersion"] == "gateway.orkestra.io/v1")
            #expect(v1.value(atDotted: "spec.site.title") == "Hello")
            #expect(v1.value(atDotted: "spec.title") == nil)
            #expect(v1.value(atDotted: "spec.image") == "registry.internal/web:1")

            // 4. A labelled object cannot be deleted.
            _ = try kubectl(["create", "configmap", "keep"], nil)
            _ = try kubectl(["label", "configmap", "keep", "\(GatewayNames.protectionLabel)=true"], nil)
            var denial = ""
            #expect(try await eventually(timeout: .seconds(60)) {
                do {
                    _ = try kubectl(["delete", "configmap", "keep", "--wait=false"], nil)
                    return false
                } catch {
                    denial = "\(error)"
                    return denial.contains("[Orkestra Security]")
                }
            }, "\(denial)")
            _ = try kubectl(["label", "configmap", "keep", "\(GatewayNames.protectionLabel)-"], nil)
            _ = try kubectl(["delete", "configmap", "keep"], nil)

            // 4b. A CR in a restricted namespace is refused with the rule; so is deleting a labelled namespace.
            var outside = ""
            #expect(try await eventually(timeout: .seconds(60)) {
                do {
                    _ = try cluster.kubectl(["-n", "kube-public", "apply", "-f", "-"],
                                            input: Self.gadget("outsider", ["image": "registry.internal/web:1", "title": "x"]))
                    _ = try? cluster.kubectl(["-n", "kube-public", "delete", "gadget", "outsider", "--wait=false"])
                    return false
                } catch {
                    outside = "\(error)"
                    return outside.contains("[Orkestra Security]")
                }
            }, "\(outside)")
            #expect(outside.contains("namespace \"kube-public\" is in restrictedNamespaces "
                + "(spec.security.namespaceProtection.restrictedNamespaces of Katalog gateway-check)"), "\(outside)")
            let guarded = "\(namespace)-guarded"
            _ = try cluster.kubectl(["create", "namespace", guarded])
            _ = try cluster.kubectl(["label", "namespace", guarded, "\(GatewayNames.protectionLabel)=true"])
            var namespaceDenial = ""
            #expect(try await eventually(timeout: .seconds(60)) {
                do {
                    _ = try cluster.kubectl(["delete", "namespace", guarded, "--wait=false"])
                    return false
                } catch {
                    namespaceDenial = "\(error)"
                    return namespaceDenial.contains("[Orkestra Security]")
                }
            }, "\(namespaceDenial)")
            _ = try cluster.kubectl(["label", "namespace", guarded, "\(GatewayNames.protectionLabel)-"])
            _ = try cluster.kubectl(["delete", "namespace", guarded, "--wait=false"])

            // 5. A deleted configuration comes back.
            let clock = ContinuousClock()
            let deleted = clock.now
            try await cluster.client.delete(validating, namespace: nil, name: GatewayNames.validatingConfiguration)
            #expect(try await eventually(timeout: .seconds(60)) { await configurationExists(GatewayNames.validatingConfiguration) })
            print("gateway: deleted ValidatingWebhookConfiguration back after \(clock.now - deleted)")

            // 6. The fleet view counted it all.
            let fleet = try JSONValue.parse(await gateway.api.respond(method: "GET", path: "/katalog", query: "").body)
            let row = fleet["crds"]?.arrayValue?.first { $0["crd"] == "gadget" }
            #expect((row?["validation"]?["denied"]?.intValue ?? 0) >= 1)
            #expect((row?["conversion"]?["succeeded"]?.intValue ?? 0) >= 1)
            #expect((row?["mutation"]?["patched"]?.intValue ?? 0) >= 1)

            // 7. Shutdown with cleanup removes the configurations.
            task.cancel()
            _ = try? await task.value
            #expect(!(await configurationExists(GatewayNames.validatingConfiguration)))
            #expect(!(await configurationExists(GatewayNames.protectionConfiguration)))
            _ = try? kubectl(["delete", "gadgets", "--all", "--wait=false"], nil)
        }
    }
}

/// Both ports of a running gateway, once it listens.
final class PortPair: Sendable {
    private let ports = Mutex<(Int, Int)?>(nil)
    var value: (Int, Int)? { ports.withLock { $0 } }
    func set(_ http: Int, _ https: Int) { ports.withLock { $0 = (http, https) } }
}

/// Applies a CRD file and waits until it is Established.
enum KatalogBootstrapForTests {
    static func applyCRD(_ cluster: TestCluster, file: String) async throws -> String {
        _ = try cluster.kubectl(["apply", "-f", file])
        _ = try cluster.kubectl(["wait", "--for=condition=Established", "-f", file, "--timeout=30s"])
        return file
    }
}
