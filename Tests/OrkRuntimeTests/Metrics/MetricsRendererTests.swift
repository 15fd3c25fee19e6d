import Foundation
import OrkStats
import OrkValue
import Testing
@testable import OrkRuntime

/// `/metrics` as the reference Python parser reads it: every family present with its type, the
/// values of the snapshot, escaped labels intact, families contiguous.
@Suite struct MetricsRendererTests {
    static let expectedFamilies: [String: String] = [
        "orkestra_runtime_info": "gauge", "orkestra_runtime_ready": "gauge", "orkestra_leader": "gauge",
        "orkestra_crd_state": "gauge", "orkestra_resources": "gauge", "orkestra_workers_configured": "gauge",
        "orkestra_workers": "gauge", "orkestra_queue_depth": "gauge", "orkestra_queue_adds": "counter",
        "orkestra_queue_retries": "counter", "orkestra_queue_drops": "counter", "orkestra_queue_wait_seconds": "histogram",
        "orkestra_reconcile": "counter", "orkestra_reconcile_duration_seconds": "histogram",
        "orkestra_consecutive_failures": "gauge", "orkestra_api_writes": "counter",
        "orkestra_children_applied": "counter", "orkestra_children_deleted": "counter",
        "orkestra_children_unchanged": "counter",
    ]

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
        var snapshot = FakeInspector.standard().snapshot()
        snapshot.katalog.name = "shop \"ops\" \\ team\nsecond line"
        let text = MetricsRenderer.render(snapshot)
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
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "database", "le": "60"]) == 4)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_bucket", ["crd": "database", "le": "+Inf"]) == 5)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_count", ["crd": "website"]) == 10)
        #expect(Self.sample(families, "orkestra_reconcile_duration_seconds_sum", ["crd": "website"]) == 0.4955)
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
        let families = try PythonPrometheusParser.parse(MetricsRenderer.render(snapshot))
        #expect(families.count == Self.expectedFamilies.count)
    }

    @Test func parserRejectionFailsTheTest() {
        // The harness itself: text the reference parser rejects must throw, not pass silently.
        #expect(throws: PythonPrometheusParser.Failure.self) {
            try PythonPrometheusParser.parse("# TYPE x counter\nx{a=\"unterminated} 1\n")
        }
    }

    @Test func familiesAreContiguousAndHaveHelpAndType() {
        let text = MetricsRenderer.render(FakeInspector.standard().snapshot())
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

    @Test func bucketBoundsAreExactSeconds() {
        #expect(LatencyHistogram.bounds.map(PrometheusText.seconds(fromMilliseconds:)) == [
            "0.0001", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
            "5", "10", "30", "60",
        ])
        #expect(PrometheusText.escapeLabel("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(PrometheusText.value(Double.infinity) == "+Inf")
        #expect(PrometheusText.value(Double.nan) == "NaN")
        #expect(PrometheusText.value(15.0) == "15")
    }
}
