import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// The scenario Katalog (Katalogs/katalog.yaml) against the sandbox and the real API server:
/// `when` toggles delete and restore children, `forEach` follows its list, onDelete Jobs are awaited
/// before the finalizer goes, and a CRD whose template fails degrades alone.
@Suite(.serialized)
struct FeatureScenarioTests {
    static let apiVersion = "scenario.orkestra.io/v1"
    static let katalogFile = "\(RuntimeHarness.repositoryRoot)/Tests/RuntimeScenarioTests/Katalogs/katalog.yaml"

    static func object(_ kind: String, _ name: String, spec: JSONValue) -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)], "spec": spec]
    }

    @Test(arguments: ConformanceTarget.available)
    func whenForEachAndOnDelete(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace)
            func configMap(_ name: String) async throws -> JSONValue? { try await harness.get("v1", "ConfigMap", name) }

            _ = try await harness.apply(Self.object("Gizmo", "w1", spec: ["cache": true, "items": ["a", "b"]]))
            #expect(try await eventually {
                let names = ["w1-cache", "w1-a", "w1-b"]
                for name in names where try await configMap(name) == nil { return false }
                return true
            })

            // 3. The `when` stops passing and the list shrinks: those children are deleted.
            _ = try await harness.apply(Self.object("Gizmo", "w1", spec: ["cache": false, "items": ["a"]]))
            #expect(try await eventually {
                let cache = try await configMap("w1-cache"), b = try await configMap("w1-b")
                return cache == nil && b == nil
            })
            #expect(try await configMap("w1-a") != nil)
            // … and passes again: the child returns.
            _ = try await harness.apply(Self.object("Gizmo", "w1", spec: ["cache": true, "items": ["a"]]))
            #expect(try await eventually { try await configMap("w1-cache") != nil })

            // 5. Deletion runs the onDelete Job and waits for it; the test completes the Job as a kubelet would.
            try await harness.delete(Self.apiVersion, "Gizmo", "w1")
            let jobs = try await harness.resource("batch/v1", "Job")
            #expect(try await eventually { try await harness.get("batch/v1", "Job", "w1-cleanup") != nil })
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await harness.get(Self.apiVersion, "Gizmo", "w1") != nil, "the CR waits for its Job")
            _ = try await cluster.client.patch(
                jobs, namespace: namespace, name: "w1-cleanup",
                .merge(["status": ["succeeded": 1, "conditions": [["type": "Complete", "status": "True"]]]]),
                subresource: "status")
            #expect(try await eventually { try await harness.get(Self.apiVersion, "Gizmo", "w1") == nil })
            #expect(try await eventually {
                let a = try await configMap("w1-a"), cache = try await configMap("w1-cache")
                let job = try await harness.get("batch/v1", "Job", "w1-cleanup")
                return a == nil && cache == nil && job == nil
            }, "nothing owned remains")
            await harness.stop()
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func failingTemplateDegradesOnlyItsCRD(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace, http: true)
            _ = try await harness.apply(Self.object("Broken", "b1", spec: ["text": "many"]))
            for kind in ["Alpha", "Beta", "Gamma"] {
                _ = try await harness.apply(Self.object(kind, "x", spec: [:]))
            }
            #expect(try await eventually {
                try await harness.http("/katalog/broken/health").0 == 503
            })
            // The others become healthy beside it (each may still be syncing its caches when the broken
            // one has already failed its threshold: run 56 read alpha "not started" once).
            for key in ["alpha", "beta", "gamma"] {
                var last = JSONValue.null
                #expect(try await eventually {
                    let (status, body) = try await harness.http("/katalog/\(key)/health")
                    last = body
                    return status == 200
                }, "\(key): \(last.serialized())")
                #expect(try await eventually { try await harness.get("v1", "ConfigMap", "x-\(key)") != nil })
            }
            #expect(try await harness.http("/katalog/broken/health").0 == 503, "the broken CRD stays degraded")
            let (_, broken) = try await harness.http("/katalog/broken/health")
            #expect(broken["state"] == "degraded")
            #expect(broken["lastError"]?.stringValue?.contains("expected an integer") == true)
            let cr = try await harness.get(Self.apiVersion, "Broken", "b1")
            #expect(RuntimeHarness.condition(cr, "Ready") == "False")
            // The healthy CRDs keep reconciling: a deleted child of one comes back.
            try await harness.delete("v1", "ConfigMap", "x-beta")
            #expect(try await eventually { try await harness.get("v1", "ConfigMap", "x-beta") != nil })
            let (overall, summary) = try await harness.http("/katalog")
            #expect(overall == 200 && summary["status"] == 503)
            await harness.stop()
        }
    }

    /// Two CRs whose templates render the same child: the first owner keeps it, the second fails
    /// with the owner's name instead of rewriting it in turn (which loops forever).
    @Test(arguments: ConformanceTarget.available)
    func childOfAnotherCRIsNotTakenOver(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace)
            let alpha = try await harness.apply(Self.object("Alpha", "dup", spec: [:]))
            let alphaUID = try #require(alpha.value(atDotted: "metadata.uid")?.stringValue)
            #expect(try await eventually { try await harness.get("v1", "ConfigMap", "dup-alpha") != nil })
            // A Gizmo named "dup" with item "alpha" renders ConfigMap "dup-alpha" too.
            _ = try await harness.apply(Self.object("Gizmo", "dup", spec: ["items": ["alpha"]]))
            var message = ""
            #expect(try await eventually {
                let gizmo = try await harness.get(Self.apiVersion, "Gizmo", "dup")
                let ready = (gizmo?.value(atDotted: "status.conditions")?.arrayValue ?? []).first { $0["type"] == "Ready" }
                message = ready?["message"]?.stringValue ?? ""
                return ready?["status"] == "False" && message.contains("already belongs to Alpha")
            }, "Gizmo's Ready condition names the owner: \(message)")
            #expect(message.contains(alphaUID))
            let first = try await harness.get("v1", "ConfigMap", "dup-alpha")
            #expect(first?.value(atDotted: "metadata.labels")?[OrkNames.ownerUIDLabel]?.stringValue == alphaUID)
            #expect(first?.value(atDotted: "data.owner") == "dup")
            // Alpha resyncs every second: its child stays as Alpha left it, nobody rewrites it.
            try await Task.sleep(for: .seconds(3))
            let later = try await harness.get("v1", "ConfigMap", "dup-alpha")
            #expect(later?.value(atDotted: "metadata.resourceVersion") == first?.value(atDotted: "metadata.resourceVersion"))
            await harness.stop()
        }
    }

    /// 30 CRs against a queue of depth 2 and a 10-minute resync: every one is reconciled within the
    /// test's timeout, because events that find the queue full are deferred, not dropped until resync.
    @Test(arguments: ConformanceTarget.available)
    func burstLargerThanTheQueueIsDeferredNotLost(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace, http: true)
            let names = (0..<30).map { "burst-\($0)" }
            for name in names { _ = try await harness.apply(Self.object("Delta", name, spec: [:])) }
            var missing = names
            #expect(try await eventually(timeout: .seconds(60)) {
                var still: [String] = []
                for name in missing where try await harness.get("v1", "ConfigMap", "\(name)-delta") == nil { still.append(name) }
                missing = still
                return missing.isEmpty
            }, "not reconciled: \(missing)")
            let (_, detail) = try await harness.http("/katalog/delta")
            #expect((detail.value(atDotted: "queue.drops")?.intValue ?? 0) > 0, "the queue did fill: \(detail.serialized())")
            await harness.stop()
        }
    }
}
