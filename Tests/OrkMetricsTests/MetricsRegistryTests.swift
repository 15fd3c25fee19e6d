import Metrics
import OrkStats
import Testing
@testable import OrkMetrics

/// What swift-metrics records through ``DescribedMetricsFactory`` reaches the exposition with the
/// family's help text and type; a library's undescribed metric is exported too; timers bucket like
/// ``LatencyHistogram``; two registries do not share series.
@Suite struct MetricsRegistryTests {
    static let descriptions = [
        MetricDescription("orkestra_reconcile_total", help: "Reconciles by result."),
        MetricDescription("orkestra_reconcile_duration_seconds", help: "Duration of reconciles."),
        MetricDescription("orkestra_queue_depth", help: "Items waiting in the CRD's work queue."),
    ]

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func countersCarryHelpTypeAndLabels() {
        let metrics = MetricsRegistry(descriptions: Self.descriptions)
        let success = Counter(label: "orkestra_reconcile_total", dimensions: [("crd", "website"), ("result", "success")],
                              factory: metrics.factory)
        let failure = Counter(label: "orkestra_reconcile_total", dimensions: [("crd", "website"), ("result", "failure")],
                              factory: metrics.factory)
        success.increment(by: 3)
        failure.increment()
        let text = lines(metrics.exposition())
        #expect(text.contains("# HELP orkestra_reconcile_total Reconciles by result."))
        #expect(text.contains("# TYPE orkestra_reconcile_total counter"))
        #expect(text.contains("orkestra_reconcile_total{crd=\"website\",result=\"success\"} 3"))
        #expect(text.contains("orkestra_reconcile_total{crd=\"website\",result=\"failure\"} 1"))
        #expect(text.filter { $0.hasPrefix("# HELP orkestra_reconcile_total") }.count == 1)
    }

    @Test func timersUseTheLatencyHistogramBucketsInSeconds() {
        let metrics = MetricsRegistry(descriptions: Self.descriptions)
        let timer = Timer(label: "orkestra_reconcile_duration_seconds", dimensions: [("crd", "website")],
                          factory: metrics.factory)
        timer.recordMilliseconds(3)
        timer.recordMilliseconds(70_000)
        let text = lines(metrics.exposition())
        #expect(text.contains("# TYPE orkestra_reconcile_duration_seconds histogram"))
        #expect(text.contains("orkestra_reconcile_duration_seconds_bucket{crd=\"website\",le=\"0.0001\"} 0"))
        #expect(text.contains("orkestra_reconcile_duration_seconds_bucket{crd=\"website\",le=\"0.005\"} 1"))
        #expect(text.contains("orkestra_reconcile_duration_seconds_bucket{crd=\"website\",le=\"60.0\"} 1"))
        #expect(text.contains("orkestra_reconcile_duration_seconds_bucket{crd=\"website\",le=\"+Inf\"} 2"))
        #expect(text.contains("orkestra_reconcile_duration_seconds_count{crd=\"website\"} 2"))
        let buckets = text.filter { $0.hasPrefix("orkestra_reconcile_duration_seconds_bucket") }
        #expect(buckets.count == LatencyHistogram.bounds.count + 1)
    }

    @Test func gaugesAreSetAndALibrarysMetricHasNoHelp() {
        let metrics = MetricsRegistry(descriptions: Self.descriptions)
        Gauge(label: "orkestra_queue_depth", dimensions: [("crd", "website")], factory: metrics.factory).record(7)
        Counter(label: "hb.requests", dimensions: [("hb.uri", "/healthz")], factory: metrics.factory).increment()
        let text = lines(metrics.exposition())
        #expect(text.contains("# TYPE orkestra_queue_depth gauge"))
        #expect(text.contains("orkestra_queue_depth{crd=\"website\"} 7.0"))
        #expect(text.contains("# TYPE hb_requests counter"))
        #expect(text.contains("hb_requests{hb_uri=\"/healthz\"} 1"))
        #expect(!text.contains { $0.hasPrefix("# HELP hb_requests") })
    }

    @Test func registriesDoNotShareSeries() {
        let a = MetricsRegistry(descriptions: Self.descriptions)
        let b = MetricsRegistry(descriptions: Self.descriptions)
        Counter(label: "orkestra_reconcile_total", dimensions: [("crd", "x"), ("result", "success")], factory: a.factory)
            .increment(by: 5)
        #expect(a.exposition().contains("orkestra_reconcile_total{crd=\"x\",result=\"success\"} 5"))
        #expect(!b.exposition().contains("orkestra_reconcile_total"))
    }

    @Test func labelValuesAreEscaped() {
        let metrics = MetricsRegistry(descriptions: Self.descriptions)
        Counter(label: "orkestra_reconcile_total", dimensions: [("crd", "a\"b\\c\nd"), ("result", "success")],
                factory: metrics.factory).increment()
        #expect(metrics.exposition().contains(#"orkestra_reconcile_total{crd="a\"b\\c\nd",result="success"} 1"#))
    }
}
