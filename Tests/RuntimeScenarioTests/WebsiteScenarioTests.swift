import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTemplate
import OrkTestSupport
import OrkValue
import Testing

/// `examples/website` end to end, against the sandbox and (ORK_KUBE_INTEGRATION=1) the real API
/// server: children appear with owner references and labels, status is written, edits and drift
/// are repaired, deny rules block children, and deletion leaves the children to the garbage collector.
@Suite(.serialized)
struct WebsiteScenarioTests {
    static let apiVersion = "demo.orkestra.io/v1alpha1"

    static func website(_ name: String, image: String = "nginx:1.27", replicas: Int? = nil) -> JSONValue {
        var spec: [String: JSONValue] = ["image": .string(image), "port": 80, "title": "Hello"]
        if let replicas { spec["replicas"] = .int(replicas) }
        return ["apiVersion": .string(apiVersion), "kind": "Website", "metadata": ["name": .string(name)],
                "spec": .object(spec)]
    }

    @Test(arguments: ConformanceTarget.available)
    func childrenStatusDriftAndDeletion(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(example: "website"), cluster: cluster,
                                                         namespace: namespace)
            defer { Task { await harness.stop() } }
            _ = try await harness.apply(Self.website("hello"))

            // 1. Children with owner references and labels; status Ready with declared fields.
            var crUID = ""
            #expect(try await eventually {
                guard let cr = try await harness.get(Self.apiVersion, "Website", "hello"),
                      RuntimeHarness.condition(cr, "Ready") == "True" else { return false }
                crUID = cr.value(atDotted: "metadata.uid")?.stringValue ?? ""
                return true
            })
            let cr = try #require(try await harness.get(Self.apiVersion, "Website", "hello"))
            #expect(cr.value(atDotted: "spec.replicas") == 2, "mutation default")
            #expect(cr.value(atDotted: "status.phase") == "Running")
            #expect(cr.value(atDotted: "status.url") == .string("http://hello.\(namespace).svc"))
            #expect(cr.value(atDotted: "status.replicas") == 2)
            #expect(cr.value(atDotted: "status.observedGeneration") == cr.value(atDotted: "metadata.generation"))
            // Every child is in the CR's namespace with an owner reference: the garbage collector
            // cleans up, so the CR gets no finalizer (one write less, nothing stuck without us).
            #expect(cr.value(atDotted: "metadata.finalizers") == nil, "\(cr)")
            for (apiVersion, kind, name) in [("apps/v1", "Deployment", "hello"), ("v1", "Service", "hello"),
                                             ("v1", "ConfigMap", "hello-content")] {
                let fetched = try await harness.get(apiVersion, kind, name)
                let child = try #require(fetched, "\(kind) \(name)")
                #expect(child.value(atDotted: "metadata.ownerReferences")?[0]?["uid"] == .string(crUID))
                #expect(child.value(atDotted: "metadata.labels")?[OrkNames.managedLabel] == "true")
                #expect(child.value(atDotted: "metadata.labels")?[OrkNames.ownerUIDLabel] == .string(crUID))
                #expect(child.value(atDotted: "metadata.labels")?[OrkNames.ownerNameLabel] == "hello")
            }
            #expect(try await harness.get("apps/v1", "Deployment", "hello")?.value(atDotted: "spec.replicas") == 2)

            // 2. A spec edit reaches the children.
            _ = try await harness.apply(Self.website("hello", replicas: 3))
            #expect(try await eventually {
                try await harness.get("apps/v1", "Deployment", "hello")?.value(atDotted: "spec.replicas") == 3
            })

            // Drift: a deleted child comes back, an edited one is put back.
            try await harness.delete("v1", "Service", "hello")
            #expect(try await eventually {
                try await harness.get("v1", "Service", "hello") != nil
            })
            // A user scales the Deployment by hand (a merge patch, as `kubectl scale`/`patch` send: a
            // GET-then-PUT would race the real deployment controller's status writes with a 409).
            let deployments = try await harness.resource("apps/v1", "Deployment")
            _ = try await cluster.client.patch(deployments, namespace: namespace, name: "hello", .merge(["spec": ["replicas": 7]]))
            #expect(try await eventually {
                try await harness.get("apps/v1", "Deployment", "hello")?.value(atDotted: "spec.replicas") == 3
            })

            // Steady state: once the repair's own writes (status, the deployment controller's echoes)
            // are done, nothing is written while nothing changes; a write loop never settles.
            #expect(try await eventually {
                let writes = harness.runtime.totalAPIWrites
                try await Task.sleep(for: .milliseconds(700))
                return harness.runtime.totalAPIWrites == writes
            }, "the runtime keeps writing while nothing changes")

            // 4. A deny rule: ValidationFailed and no children.
            _ = try await harness.apply(Self.website("bad", image: "nginx:latest"))
            #expect(try await eventually {
                RuntimeHarness.condition(try await harness.get(Self.apiVersion, "Website", "bad"), "ValidationFailed") == "True"
            })
            #expect(try await harness.get("apps/v1", "Deployment", "bad") == nil)
            #expect(RuntimeHarness.condition(try await harness.get(Self.apiVersion, "Website", "bad"), "Ready") == "False")

            // 5. Deleting the CR: it goes at once, and the garbage collector removes what it owned.
            try await harness.delete(Self.apiVersion, "Website", "hello")
            #expect(try await eventually {
                try await harness.get(Self.apiVersion, "Website", "hello") == nil
            })
            #expect(try await eventually {
                let deployment = try await harness.get("apps/v1", "Deployment", "hello")
                let service = try await harness.get("v1", "Service", "hello")
                let content = try await harness.get("v1", "ConfigMap", "hello-content")
                return deployment == nil && service == nil && content == nil
            })
            try await harness.delete(Self.apiVersion, "Website", "bad")
            #expect(try await eventually { try await harness.get(Self.apiVersion, "Website", "bad") == nil })
            await harness.stop()
        }
    }

    /// Defaults filled by mutation show in the status without a declared status field (the status
    /// schema keeps unknown fields), and mirroring them writes nothing at rest.
    @Test(arguments: ConformanceTarget.available)
    func mutatedDefaultsAppearInStatus(_ target: ConformanceTarget) async throws {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].namespace = nil
        katalog.crds[0].mutation.rules.append(MutationRule(field: "spec.port", value: 8080, mode: .default, valueType: .int))
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace)
            defer { Task { await harness.stop() } }
            _ = try await harness.apply(Self.website("defaults").removing(at: ["spec", "port"]))
            var seen: JSONValue = .null
            #expect(try await eventually {
                seen = try await harness.get(Self.apiVersion, "Website", "defaults") ?? .null
                return seen.value(atDotted: "status.port") == 8080 && seen.value(atDotted: "status.replicas") == 2
            }, "\(seen.serialized())")
            #expect(try await eventually {
                let writes = harness.runtime.totalAPIWrites
                try await Task.sleep(for: .milliseconds(700))
                return harness.runtime.totalAPIWrites == writes
            }, "the runtime keeps writing while nothing changes")
        }
    }
}
