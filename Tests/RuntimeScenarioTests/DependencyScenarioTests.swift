import Foundation
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// A CRD waits for its dependency (and says so in its health) while the others run; it starts as
/// soon as the dependency does. Against the sandbox and the real API server.
@Suite(.serialized)
struct DependencyScenarioTests {
    static let katalogFile = "\(RuntimeHarness.repositoryRoot)/Tests/RuntimeScenarioTests/Katalogs/dependency.yaml"
    static let lateCRDFile = "\(RuntimeHarness.repositoryRoot)/Tests/RuntimeScenarioTests/Katalogs/late-crd.yaml"

    static func removeLateCRD(_ cluster: TestCluster) async throws {
        _ = try? await cluster.client.delete(TestCluster.crds, namespace: nil, name: "lates.late.orkestra.io")
        _ = try await eventually {
            do {
                _ = try await cluster.client.get(TestCluster.crds, namespace: nil, name: "lates.late.orkestra.io")
                return false
            } catch {
                return true
            }
        }
        await cluster.client.discovery.invalidate()
    }

    @Test(arguments: ConformanceTarget.available)
    func dependentWaitsForItsDependency(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await Self.removeLateCRD(cluster)
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace, http: true)
            _ = try await harness.apply(["apiVersion": "scenario.orkestra.io/v1", "kind": "Alpha", "metadata": ["name": "d1"]])
            _ = try await harness.apply(["apiVersion": "scenario.orkestra.io/v1", "kind": "Beta", "metadata": ["name": "s1"]])

            #expect(try await eventually { try await harness.get("v1", "ConfigMap", "s1-solo") != nil }, "solo runs")
            // The dependent gets to waiting on its own schedule (its informers sync first), not solo's.
            var dependent: JSONValue = .null
            #expect(try await eventually {
                let (status, health) = try await harness.http("/katalog/dependent/health")
                dependent = health
                return status == 200 && health["state"] == "pending"
                    && health["stateReason"]?.stringValue?.contains("waiting for late to be started") == true
            }, "\(dependent.serialized())")
            let (lateStatus, late) = try await harness.http("/katalog/late/health")
            #expect(lateStatus == 503 && late["state"] == "not started")
            #expect(try await harness.get("v1", "ConfigMap", "d1-dependent") == nil)

            // The dependency's CRD appears: it starts, then the dependent does.
            let document = try YAMLReader.documents(try String(contentsOfFile: Self.lateCRDFile, encoding: .utf8),
                                                    file: Self.lateCRDFile)[0].jsonValue
            _ = try await cluster.client.apply(TestCluster.crds, document, fieldManager: "test", force: true)
            #expect(try await eventually {
                try await harness.get("v1", "ConfigMap", "d1-dependent") != nil
            })
            // Healthy once the reconcile that wrote the child has been recorded.
            #expect(try await eventually { try await harness.http("/katalog/dependent/health").1["state"] == "healthy" })
            await harness.stop()
            try await Self.removeLateCRD(cluster)
        }
    }
}
