import CoreMetrics
import Prometheus
import Synchronization

/// The metrics of one runtime or gateway: a swift-prometheus registry, written through swift-metrics
/// with ``factory``, rendered by ``exposition()`` for `/metrics`.
///
/// Each instance has its own registry, so tests that start several runtimes in one process do not
/// share series. An executable also bootstraps swift-metrics' global `MetricsSystem` with the
/// factory of its one registry (``bootstrapProcessMetrics()``): then what libraries record through
/// swift-metrics lands on the same `/metrics`.
public struct MetricsRegistry: Sendable {
    public let prometheus: PrometheusCollectorRegistry
    public let factory: DescribedMetricsFactory

    public init(descriptions: [MetricDescription]) {
        let prometheus = PrometheusCollectorRegistry()
        self.prometheus = prometheus
        factory = DescribedMetricsFactory(registry: prometheus, descriptions: descriptions)
    }

    /// Every series recorded so far, as Prometheus text (format 0.0.4), families by name.
    public func exposition() -> String {
        ExpositionOrder.sorted(prometheus.emitToString())
    }

    /// Makes this registry the process's swift-metrics backend, if no registry is yet: swift-metrics
    /// stops the process on a second bootstrap, so only the first call of a process takes effect
    /// (returns true). The executables call it for their one runtime or gateway.
    @discardableResult
    public func bootstrapProcessMetrics() -> Bool {
        let first = Self.processBackendTaken.withLock { taken in
            defer { taken = true }
            return !taken
        }
        if first { MetricsSystem.bootstrap(factory) }
        return first
    }

    private static let processBackendTaken = Mutex(false)
}
