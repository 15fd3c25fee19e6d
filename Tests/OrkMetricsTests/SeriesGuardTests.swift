import Metrics
import Testing
@testable import OrkMetrics

/// A library's series that swift-prometheus would stop the process for (a second type for a name,
/// other label names, a repeated label name) or that grows a family past its bound records nowhere
/// and is counted; the exposition is in a stable order.
@Suite struct SeriesGuardTests {
    func refused(_ metrics: MetricsRegistry) -> String? {
        metrics.exposition().split(separator: "\n")
            .first { $0.hasPrefix(DescribedMetricsFactory.refusedName + " ") }
            .map { String($0.split(separator: " ").last ?? "") }
    }

    @Test func clashingShapesAreRefusedNotFatal() {
        let metrics = MetricsRegistry(descriptions: [])
        Counter(label: "lib.requests", dimensions: [("route", "/a")], factory: metrics.factory).increment()
        // The same name as a gauge, without labels, with other label names, with a repeated one.
        Gauge(label: "lib.requests", dimensions: [("route", "/a")], factory: metrics.factory).record(3)
        Counter(label: "lib.requests", factory: metrics.factory).increment()
        Counter(label: "lib.requests", dimensions: [("path", "/a")], factory: metrics.factory).increment()
        Counter(label: "lib.other", dimensions: [("a", "1"), ("a", "2")], factory: metrics.factory).increment()
        // "lib.x" and "lib_x" are one Prometheus name: the second shape is refused too.
        Counter(label: "lib.x", factory: metrics.factory).increment()
        Timer(label: "lib_x", factory: metrics.factory).recordNanoseconds(5)
        let text = metrics.exposition()
        #expect(text.contains("lib_requests{route=\"/a\"} 1"))
        #expect(text.contains("lib_x 1"))
        #expect(refused(metrics) == "5")
    }

    @Test func aFamilyStopsGrowingAtItsBound() {
        let registry = MetricsRegistry(descriptions: [])
        let factory = DescribedMetricsFactory(registry: registry.prometheus, descriptions: [], maxFamilies: 3, maxSeriesPerFamily: 10)
        for method in 0..<50 {
            Counter(label: "hb.requests", dimensions: [("method", "M\(method)")], factory: factory).increment()
        }
        // A series already admitted keeps recording.
        Counter(label: "hb.requests", dimensions: [("method", "M0")], factory: factory).increment()
        Counter(label: "second", factory: factory).increment()
        Counter(label: "third", factory: factory).increment()
        let text = registry.prometheus.emitToString()
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("hb_requests{") }.count == 10)
        #expect(text.contains("hb_requests{method=\"M0\"} 2"))
        #expect(text.contains("second 1"))
        #expect(!text.contains("third"), "the refused counter, hb_requests and second are the three families")
        #expect(text.contains("\(DescribedMetricsFactory.refusedName) 41"))
    }

    @Test func emptyNamesBecomeValidNames() {
        let metrics = MetricsRegistry(descriptions: [])
        Counter(label: "", dimensions: [("", "v"), ("9lives", "w")], factory: metrics.factory).increment()
        #expect(metrics.exposition().contains("unnamed{unnamed=\"v\",_lives=\"w\"} 1"))
    }

    @Test func theExpositionIsInAStableOrder() {
        let metrics = MetricsRegistry(descriptions: [MetricDescription("b_seconds", help: "B.")])
        for name in ["zeta", "alpha", "mid"] {
            for crd in ["y", "x", "z"] {
                Counter(label: name, dimensions: [("crd", crd)], factory: metrics.factory).increment()
                Timer(label: "b_seconds", dimensions: [("crd", crd)], factory: metrics.factory).recordMilliseconds(3)
            }
        }
        let lines = metrics.exposition().split(separator: "\n").map(String.init)
        let families = lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(families == ["alpha", "b_seconds", "mid", DescribedMetricsFactory.refusedName[...], "zeta"])
        #expect(lines.filter { $0.hasPrefix("zeta{") } == ["zeta{crd=\"x\"} 1", "zeta{crd=\"y\"} 1", "zeta{crd=\"z\"} 1"])
        // A histogram's lines stay together: buckets in order, then sum and count, series by label.
        let histogram = lines.filter { $0.hasPrefix("b_seconds") }
        #expect(histogram.first == "b_seconds_bucket{crd=\"x\",le=\"0.0001\"} 0")
        #expect(histogram.last == "b_seconds_count{crd=\"z\"} 3")
        let counts = histogram.filter { $0.hasPrefix("b_seconds_count") }
        #expect(counts == ["b_seconds_count{crd=\"x\"} 3", "b_seconds_count{crd=\"y\"} 3", "b_seconds_count{crd=\"z\"} 3"])
        #expect(metrics.exposition() == metrics.exposition())
    }

    /// What else would stop the process or spoil the scrape: the refused counter's own name asked for
    /// by a library, negative or NaN increments, and labels that clash with Prometheus's own.
    @Test func trapsAndBrokenScrapesAreRefused() {
        let metrics = MetricsRegistry(descriptions: [])
        Counter(label: DescribedMetricsFactory.refusedName, factory: metrics.factory).increment()
        let counter = Counter(label: "lib.bytes", factory: metrics.factory)
        counter.increment(by: -5)
        counter.increment(by: 3)
        let floating = FloatingPointCounter(label: "lib.seconds", factory: metrics.factory)
        floating.increment(by: -1.5)
        floating.increment(by: Double.nan)
        floating.increment(by: 0.5)
        Timer(label: "lib.latency", dimensions: [("le", "1")], factory: metrics.factory).recordNanoseconds(5)
        Counter(label: "lib.reserved", dimensions: [("__name__", "x")], factory: metrics.factory).increment()
        let text = metrics.exposition()
        #expect(text.contains("lib_bytes 3"))
        #expect(text.contains("lib_seconds 0.5"))
        #expect(!text.contains("lib_latency") && !text.contains("lib_reserved"))
        #expect(refused(metrics) == "3", "the library's increment of the refused counter, then the two refused series")
    }
}
