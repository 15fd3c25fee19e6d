import CoreMetrics
import Prometheus

/// The metrics of one runtime or gateway: a swift-prometheus registry, written through swift-metrics
/// with ``factory``, rendered by ``exposition()`` for `/metrics`.
///
/// Each instance has its own registry, so tests that start several runtimes in one process do not
/// share series. An executable also bootstraps swift-metrics' global `MetricsSystem` with the
/// factory of its one registry (``bootstrapProcessMetrics()``): then the metrics libraries record
/// (Hummingbird's `MetricsMiddleware`, for one) land on the same `/metrics`.
public struct MetricsRegistry: Sendable {
    public let prometheus: PrometheusCollectorRegistry
    public let factory: DescribedMetricsFactory

    public init(descriptions: [MetricDescription]) {
        let prometheus = PrometheusCollectorRegistry()
        self.prometheus = prometheus
        factory = DescribedMetricsFactory(registry: prometheus, descriptions: descriptions)
    }

    /// Every series recorded so far, as Prometheus text (format 0.0.4).
    public func exposition() -> String {
        prometheus.emitToString()
    }

    /// Makes this registry the process's swift-metrics backend. Once per process (swift-metrics
    /// refuses a second bootstrap), by an executable, never by a library or a test.
    public func bootstrapProcessMetrics() {
        MetricsSystem.bootstrap(factory)
    }
}
