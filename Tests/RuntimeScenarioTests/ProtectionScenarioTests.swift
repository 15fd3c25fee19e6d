import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// With the Katalog's deletion protection on, the runtime labels its children
/// `orkestra.io/deletion-protection: "true"` (Jobs excepted), puts the label back when someone
/// removes it, writes nothing at rest, and still deletes its children with the CR. Against the
/// sandbox and (ORK_KUBE_INTEGRATION=1) the real API server; with the gateway refusing deletes, in
/// ProtectedChildrenClusterTests.
@Suite(.serialized)
struct ProtectionScenarioTests {
    static func protectedKatalog() throws -> Katalog {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].namespace = nil
        katalog.security.deletionProtection = DeletionProtection(enabled: true)
        return katalog
    }

    static func isLabelled(_ object: JSONValue?) -> Bool {
        object?.value(atDotted: "metadata.labels")?[OrkNames.deletionProtectionLabel] == "true"
    }

    @Test(arguments: ConformanceTarget.available)
    func childrenCarryTheLabelAndGetItBack(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try Self.protectedKatalog(), cluster: cluster, namespace: namespace)
            defer { Task { await harness.stop() } }
            try await Self.labelIsKeptAndChildrenGoWithTheCR(harness, cluster: cluster, namespace: namespace)
        }
    }

    /// The runtime's part, shared with the gateway test: labelled children, the label restored,
    /// no writes at rest, children and CR gone after the CR's deletion.
    static func labelIsKeptAndChildrenGoWithTheCR(_ harness: RuntimeHarness, cluster: TestCluster, namespace: String) async throws {
        _ = try await harness.apply(WebsiteScenarioTests.website("guarded"))
        let children = [("apps/v1", "Deployment", "guarded"), ("v1", "Service", "guarded"), ("v1", "ConfigMap", "guarded-content")]
        #expect(try await eventually {
            for (apiVersion, kind, name) in children where !isLabelled(try await harness.get(apiVersion, kind, name)) { return false }
            return true
        })

        let deployments = try await harness.resource("apps/v1", "Deployment")
        let clock = ContinuousClock()
        let removed = clock.now
        _ = try await cluster.client.patch(deployments, namespace: namespace, name: "guarded",
                                           .merge(["metadata": ["labels": [.init(stringLiteral: OrkNames.deletionProtectionLabel): .null]]]))
        #expect(try await eventually { isLabelled(try await harness.get("apps/v1", "Deployment", "guarded")) })
        print("protection: label restored \(clock.now - removed) after its removal (\(harness.cluster.target.rawValue))")

        #expect(try await eventually {
            let writes = harness.runtime.totalAPIWrites
            try await Task.sleep(for: .milliseconds(700))
            return harness.runtime.totalAPIWrites == writes
        }, "the runtime keeps writing while nothing changes")

        try await harness.delete(WebsiteScenarioTests.apiVersion, "Website", "guarded")
        #expect(try await eventually { try await harness.get(WebsiteScenarioTests.apiVersion, "Website", "guarded") == nil })
        #expect(try await eventually {
            for (apiVersion, kind, name) in children where try await harness.get(apiVersion, kind, name) != nil { return false }
            return true
        })
    }
}
