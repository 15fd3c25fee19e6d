import Foundation
import OrkAPI
import OrkStats
import OrkValue
import Testing
@testable import OrkRuntime

/// `/metrics` as the reference Python parser reads it: every family present with its type, the
/// values recorded, escaped labels intact, families contiguous; and the health and the queue
/// record into the series as reconciles finish and items move.
@Suite struct RuntimeMetricsTests {
    static let expectedFamilies: [String: String] = [
        "orkestra_runtime_info": "gauge", "orkestra_runtime_ready": "gauge", "orkestra_leader": "gauge",
        "orkestra_crd_state": "gauge", "orkestra_resources": "gauge", "orkestra_workers_configured": "gauge",
        "orkestra_workers": "gauge", "orkestra_queue_depth": "gauge", "orkestra_queue_adds": "counter",
        "orkestra_queue_retries": "counter", "orkestra_queue_drops": "counter", "orkestra_queue_wait_seconds": "histogram",
        "orkestra_reconcile": "counter", "orkestra_reconcile_duration_seconds": "histogram",
        "orkestra_consecutive_failures": "gauge", "orkestra_api_writes": "counter",
        "orkestra_children_applied": "counter", "orkestra_children_deleted": "counter",
        "orkestra_children_unchanged": "counter", "orkestra_metrics_series_refused": "counter",
    ]

    /// The families a runtime without CRDs has.
    static let processFamilies: Set<String> = [
        "orkestra_runtime_info", "orkestra_runtime_ready", "orkestra_leader", "orkestra_metrics_series_refused",
    ]

    static func render(_ inspector: FakeInspector) -> String {
        inspector.metrics.exposition(inspector.snapshot())
    }

    static func sample(_ families: [JSONValue], _ name: String, _ labels: [String: String]) -> Double? {
        for family in families {
            for sample in family["samples"]?.arrayValue ?? [] where sample["name"]?.stringValue == name {
                let actual = (sample["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
                if labels.allSatisfy({ actual[$0.key] == $0.value }), let text = sample["value"]?.stringValue {
                    return text == "inf" ? .infinity : Double(text)
                }
            }
        }
        return nil
    }

    @Test func pythonParserReadsEveryFamily() throws {
        var inspector = FakeInspector.standard()
        inspector.fixedSnapshot.katalog.name = "shop \"ops\" \\ team\nsecond line"
        let text = Self.render(inspector)
        let families = try PythonPrometheusParser.parse(text)
        var types: [String: String] = [:]
        for family in families {
            let name = family["name"]?.stringValue ?? ""
            #expect(types[name] == nil, "family \(name) appears twice (not contiguous)")
            types[name] = family["type"]?.stringValue
        }
        #expect(types == Self.expectedFamilies)

        #expect(Self.sample(families, "orkestra_runtime_info", ["katalog": "shop \"ops\" \\ team\nsecond line",
                                                                "pod": "orkestra-runtime-7c9d8-x2k4p"]) == 1)
        #expect(Self.sample(families, "orkestra_leader", [:]) == 1)
        #expect(Self.sample(families, "orkestra_reconcile_total", ["crd": "website", "result": "success"]) == 117)
        #expect(Self.sample(families, "orkestra_reconcile_total", ["crd": "database", "result": "failure"]) == 6)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "website", "le": "0.005"]) == 3)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "database", "le": "60.0"]) == 4)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "database", "le": "+Inf"]) == 5)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_count", ["crd": "website"]) == 10)
        let sum = try #require(Self.sample(families, "orkestra_reconcile_duration_seconds_sum", ["crd": "website"]))
        #expect(abs(sum - 0.4955) < 1e-9)
        #expect(Self.sample(families, "orkestra_queue_wait_seconds_bucket", ["crd": "website", "le": "0.0001"]) == 1)
        #expect(Self.sample(families, "orkestra_queue_depth", ["crd": "website"]) == 3)
        #expect(Self.sample(families, "orkestra_workers", ["crd": "website", "state": "busy"]) == 1)
        #expect(Self.sample(families, "orkestra_workers", ["crd": "website", "state": "idle"]) == 2)
        #expect(Self.sample(families, "orkestra_crd_state", ["crd": "database", "state": "degraded"]) == 1)
        #expect(Self.sample(families, "orkestra_crd_state", ["crd": "database", "state": "healthy"]) == 0)
        #expect(Self.sample(families, "orkestra_crd_state", ["crd": "cache", "state": "not started"]) == 1)
        #expect(Self.sample(families, "orkestra_children_unchanged_total", ["crd": "website"]) == 395)
        #expect(Self.sample(families, "orkestra_consecutive_failures", ["crd": "database"]) == 6)
    }

    @Test func emptyRuntimeStillParses() throws {
        var snapshot = FakeInspector.standard().snapshot()
        snapshot.crds = []
        let families = try PythonPrometheusParser.parse(RuntimeMetrics(crds: []).exposition(snapshot))
        #expect(Set(families.compactMap { $0["name"]?.stringValue }) == Self.processFamilies)
    }

    @Test func parserRejectionFailsTheTest() {
        // The harness itself: text the reference parser rejects must throw, not pass silently.
        #expect(throws: PythonPrometheusParser.Failure.self) {
            try PythonPrometheusParser.parse("# TYPE x counter\nx{a=\"unterminated} 1\n")
        }
    }

    @Test func familiesAreContiguousAndHaveHelpAndType() {
        let text = Self.render(FakeInspector.standard())
        var seen: [String] = []
        var help = Set<String>(), type = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if line.hasPrefix("# HELP "), parts.count > 2 { help.insert(String(parts[2])); continue }
            if line.hasPrefix("# TYPE "), parts.count > 2 {
                let name = String(parts[2])
                #expect(!seen.contains(name), "\(name) twice")
                seen.append(name)
                type.insert(name)
                continue
            }
            guard let current = seen.last else { Issue.record("sample before any family: \(line)"); continue }
            #expect(line.hasPrefix(current), "\(line) is outside its family \(current)")
        }
        #expect(help == type)
        #expect(seen.count == Self.expectedFamilies.count)
    }

    @Test func bucketBoundsAreTheLatencyHistogramsInSeconds() throws {
        let families = try PythonPrometheusParser.parse(Self.render(FakeInspector.standard()))
        let bounds = families.flatMap { $0["samples"]?.arrayValue ?? [] }
            .filter { $0["name"]?.stringValue == "orkestra_queue_wait_seconds_bucket" && $0["labels"]?["crd"]?.stringValue == "website" }
            .compactMap { $0["labels"]?["le"]?.stringValue }
        #expect(bounds.compactMap(Double.init) == LatencyHistogram.bounds.map { $0 / 1_000 } + [.infinity])
    }

    /// One finished reconcile, recorded by the CRD's health, reaches every reconcile series.
    @Test func healthRecordsReconciles() throws {
        let metrics = RuntimeMetrics(crds: [Fixtures.website().entry])
        let health = CRDHealth(failureThreshold: 3, metrics: metrics.crd(Fixtures.website().entry).reconcile)
        health.record(success: true, duration: .milliseconds(4), writes: 3, applied: 2, deleted: 1, unchanged: 5)
        health.record(success: false, error: "boom", duration: .milliseconds(700), writes: 0)
        let families = try PythonPrometheusParser.parse(metrics.exposition(FakeInspector.standard().snapshot()))
        let crd = ["crd": "website"]
        #expect(Self.sample(families, "orkestra_reconcile_total", ["crd": "website", "result": "success"]) == 1)
        #expect(Self.sample(families, "orkestra_reconcile_total", ["crd": "website", "result": "failure"]) == 1)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_count", crd) == 2)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "website", "le": "0.005"]) == 1)
        #expect(Self.sample(families, "orkestra_api_writes_total", crd) == 3)
        #expect(Self.sample(families, "orkestra_children_applied_total", crd) == 2)
        #expect(Self.sample(families, "orkestra_children_deleted_total", crd) == 1)
        #expect(Self.sample(families, "orkestra_children_unchanged_total", crd) == 5)
    }

    /// The queue counts adds, retries, drops and waits into its series as items move.
    @Test func queueRecordsAddsRetriesDropsAndWaits() async throws {
        let metrics = RuntimeMetrics(crds: [Fixtures.website().entry])
        let queue = WorkQueue<String>(configuration: WorkQueueConfiguration(maxDepth: 1),
                                      metrics: metrics.crd(Fixtures.website().entry).queue)
        #expect(queue.add("a"))
        #expect(!queue.add("b"), "the queue holds one item")
        let taken = await queue.next()
        #expect(taken == "a")
        queue.addRateLimited("a")
        queue.done("a")
        let families = try PythonPrometheusParser.parse(metrics.exposition(FakeInspector.standard().snapshot()))
        let crd = ["crd": "website"]
        #expect(Self.sample(families, "orkestra_queue_adds_total", crd) == 2)
        #expect(Self.sample(families, "orkestra_queue_drops_total", crd) == 1)
        #expect(Self.sample(families, "orkestra_queue_retries_total", crd) == 1)
        #expect(Self.sample(families, "orkestra_queue_wait_seconds_count", crd) == 1)
        queue.shutDown(drain: false)
    }

    /// The shard gauges say what the replica knows: the coordinator every member's count,
    /// unassigned and draining; a member its own share only — and a replica that stops
    /// coordinating drops the series it no longer knows (no stale counts left behind).
    @Test func shardSeriesFollowWhatTheReplicaKnows() throws {
        let metrics = RuntimeMetrics(crds: [])
        var snapshot = FakeInspector.standard().snapshot()
        snapshot.crds = []
        let moves = ShardStatus.Moves(assigned: 4, reassigned: 0, drained: 1, undrained: 0)
        snapshot.shards = ShardStatus(member: "a", coordinator: true,
                                      members: [.init(id: "a", live: true, crs: 7), .init(id: "b", live: true, crs: 5)],
                                      unassigned: 2, draining: 1, moves: moves)
        var families = try PythonPrometheusParser.parse(metrics.exposition(snapshot))
        #expect(Self.sample(families, "orkestra_shard_members", [:]) == 2)
        #expect(Self.sample(families, "orkestra_shard_crs", ["member": "a"]) == 7)
        #expect(Self.sample(families, "orkestra_shard_crs", ["member": "b"]) == 5)
        #expect(Self.sample(families, "orkestra_shard_unassigned", [:]) == 2)
        #expect(Self.sample(families, "orkestra_shard_draining", [:]) == 1)

        snapshot.shards = ShardStatus(member: "a", coordinator: false,
                                      members: [.init(id: "a", live: true, crs: 6), .init(id: "b", live: true, crs: nil)],
                                      unassigned: nil, draining: nil, moves: moves)
        families = try PythonPrometheusParser.parse(metrics.exposition(snapshot))
        #expect(Self.sample(families, "orkestra_shard_members", [:]) == 2)
        #expect(Self.sample(families, "orkestra_shard_crs", ["member": "a"]) == 6)
        #expect(Self.sample(families, "orkestra_shard_crs", ["member": "b"]) == nil)
        #expect(Self.sample(families, "orkestra_shard_unassigned", [:]) == nil)
        #expect(Self.sample(families, "orkestra_shard_draining", [:]) == nil)
    }
}
