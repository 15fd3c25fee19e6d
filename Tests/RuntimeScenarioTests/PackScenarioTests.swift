import Foundation
import OrkKatalog
import OrkTestSupport
import OrkValue
import Testing

/// The resilience/safe-reconcile pack (examples/resilience) as its README promises, on the sandbox and
/// the real API server: the broken CRD answers 503 on its health endpoint, the two others 200, and they
/// keep reconciling.
@Suite(.serialized)
struct PackScenarioTests {
    static let apiVersion = "resilience.orkestra.io/v1"

    @Test(arguments: ConformanceTarget.available)
    func onlyTheBrokenCRDOfTheResiliencePackDegrades(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(example: "resilience"), cluster: cluster,
                                                         namespace: namespace, http: true)
            for (kind, spec) in [("Cache", JSONValue.object(["size": 128])), ("Queue", ["partitions": 6]),
                                 ("Importer", ["source": "s3://bucket/data"])] {
                _ = try await harness.apply(["apiVersion": .string(Self.apiVersion), "kind": .string(kind),
                                             "metadata": ["name": "one"], "spec": spec])
            }
            // 503 alone is also "not started" (its informer not synced yet, on a loaded machine, run 25):
            // wait for the degradation itself.
            #expect(try await eventually {
                let (status, body) = try await harness.http("/katalog/importer/health")
                return status == 503 && body["state"] == "degraded"
            })
            let (status, importer) = try await harness.http("/katalog/importer/health")
            #expect(status == 503)
            #expect(importer["state"] == "degraded")
            #expect(importer["lastError"]?.stringValue?.contains("expected an integer") == true)
            for key in ["cache", "queue"] {
                #expect(try await eventually { try await harness.get("v1", "ConfigMap", "one-\(key)") != nil })
                let (status, body) = try await harness.http("/katalog/\(key)/health")
                #expect(status == 200, "\(key): \(body.serialized())")
            }
            _ = try await harness.apply(["apiVersion": .string(Self.apiVersion), "kind": "Cache", "metadata": ["name": "one"],
                                         "spec": ["size": 256]])
            #expect(try await eventually {
                try await harness.get("v1", "ConfigMap", "one-cache")?.value(atDotted: "data.size") == "256"
            }, "a healthy CRD keeps reconciling beside the degraded one")
            await harness.stop()
        }
    }
}
