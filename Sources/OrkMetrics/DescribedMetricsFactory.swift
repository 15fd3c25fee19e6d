import CoreMetrics
import OrkStats
import Prometheus

/// A swift-metrics factory that writes into one swift-prometheus registry and gives each family the
/// help text of its ``MetricDescription``.
///
/// swift-prometheus's own `PrometheusMetricsFactory` registers every family without help, and its
/// registry stops the process when one name is registered with two help texts, two types, with and
/// without labels, or with a repeated label name. Every series therefore goes through this factory:
/// it passes the same text for the same name and asks a ``SeriesGuard`` first, so a library's
/// metric that would trap (or a family that grows past its bound) records into a no-op handler and
/// is counted in `orkestra_metrics_series_refused_total` instead.
/// Timers become duration histograms with ``LatencyHistogram/bounds`` as buckets, so `/metrics` and
/// the JSON API bucket latencies alike.
public struct DescribedMetricsFactory: MetricsFactory, Sendable {
    public static let refusedName = "orkestra_metrics_series_refused_total"
    static let refusedHelp =
        "Metric series not exported: a library's series that clashes with a family's type or labels, or one past the family's bound."

    public let registry: PrometheusCollectorRegistry
    let help: [String: String]
    let durationBuckets: [Duration]
    let valueBuckets: [Double]
    let seriesGuard: SeriesGuard
    let refused: Prometheus.Counter

    public init(registry: PrometheusCollectorRegistry, descriptions: [MetricDescription],
                maxFamilies: Int = 512, maxSeriesPerFamily: Int = 4_096) {
        self.registry = registry
        var help: [String: String] = [:]
        // The refused counter's own text too: a library asking for that name gets the same help, not a trap.
        for description in descriptions + [MetricDescription(Self.refusedName, help: Self.refusedHelp)] where help[description.name] == nil {
            help[description.name] = description.help
        }
        self.help = help
        durationBuckets = LatencyHistogram.bounds.map { .microseconds(Int64(($0 * 1_000).rounded())) }
        valueBuckets = PrometheusMetricsFactory(registry: registry).defaultValueHistogramBuckets
        seriesGuard = SeriesGuard(maxFamilies: maxFamilies, maxSeriesPerFamily: maxSeriesPerFamily)
        refused = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: Self.refusedName, unitName: "",
                                                                        helpText: help[Self.refusedName] ?? Self.refusedHelp))
        _ = seriesGuard.admit(Self.refusedName, .counter, labels: [])
    }

    /// The label as a Prometheus name with its help.
    func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    /// The sanitized name and labels when the guard admits the series, else nil (counted as refused).
    private func admitted(_ label: String, _ dimensions: [(String, String)], _ kind: SeriesGuard.Kind)
        -> (MetricNameDescriptor, [(String, String)])?
    {
        let name = PrometheusName.metric(label)
        let labels = dimensions.map { (PrometheusName.label($0.0), $0.1) }
        guard seriesGuard.admit(name, kind, labels: labels) else {
            refused.increment()
            return nil
        }
        return (descriptor(name), labels)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let (descriptor, labels) = admitted(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return NonNegativeCounter(registry.makeCounter(descriptor: descriptor, labels: labels))
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let (descriptor, labels) = admitted(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return NonNegativeCounter(registry.makeCounter(descriptor: descriptor, labels: labels))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else {
            guard let (descriptor, labels) = admitted(label, dimensions, .gauge) else { return NOOPMetricsHandler.instance }
            return registry.makeGauge(descriptor: descriptor, labels: labels)
        }
        guard let (descriptor, labels) = admitted(label, dimensions, .valueHistogram) else { return NOOPMetricsHandler.instance }
        return registry.makeValueHistogram(descriptor: descriptor, labels: labels, buckets: valueBuckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let (descriptor, labels) = admitted(label, dimensions, .gauge) else { return NOOPMetricsHandler.instance }
        return registry.makeGauge(descriptor: descriptor, labels: labels)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let (descriptor, labels) = admitted(label, dimensions, .durationHistogram) else { return NOOPMetricsHandler.instance }
        return registry.makeDurationHistogram(descriptor: descriptor, labels: labels, buckets: durationBuckets)
    }

    // A destroyed series leaves the registry; its slot in the guard stays taken (the bound errs low).

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? NonNegativeCounter { registry.unregisterCounter(counter.counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? NonNegativeCounter { registry.unregisterCounter(counter.counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}

/// A swift-prometheus counter that drops what it would trap on: swift-prometheus preconditions a
/// non-negative amount, and a library's `increment(by:)` with a negative or NaN value must not stop
/// the process.
final class NonNegativeCounter: CounterHandler, FloatingPointCounterHandler, Sendable {
    let counter: Prometheus.Counter

    init(_ counter: Prometheus.Counter) { self.counter = counter }

    func increment(by amount: Int64) {
        guard amount > 0 else { return }
        counter.increment(by: amount)
    }

    func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        counter.increment(by: amount)
    }

    func reset() { counter.reset() }
}
