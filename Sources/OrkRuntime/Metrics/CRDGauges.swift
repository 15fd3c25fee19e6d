import CoreMetrics
import OrkMetrics

/// The gauges of one CRD, set from its snapshot when `/metrics` is scraped: state, cached CRs,
/// workers, queue depth and failure streak.
struct CRDGauges: Sendable {
    typealias F = RuntimeMetricFamilies
    let states: [(CRDState, Gauge)]
    let resources: Gauge
    let workersConfigured: Gauge
    let busy: Gauge
    let idle: Gauge
    let queueDepth: Gauge
    let consecutiveFailures: Gauge

    init(labels: [(String, String)], factory: any MetricsFactory) {
        states = CRDState.allCases.map {
            ($0, Gauge(label: F.crdState, dimensions: labels + [("state", $0.rawValue)], factory: factory))
        }
        resources = Gauge(label: F.resources, dimensions: labels, factory: factory)
        workersConfigured = Gauge(label: F.workersConfigured, dimensions: labels, factory: factory)
        busy = Gauge(label: F.workers, dimensions: labels + [("state", "busy")], factory: factory)
        idle = Gauge(label: F.workers, dimensions: labels + [("state", "idle")], factory: factory)
        queueDepth = Gauge(label: F.queueDepth, dimensions: labels, factory: factory)
        consecutiveFailures = Gauge(label: F.consecutiveFailures, dimensions: labels, factory: factory)
    }

    func set(_ crd: CRDSnapshot) {
        for (state, gauge) in states { gauge.record(crd.state == state ? 1 : 0) }
        resources.record(crd.resourceCount)
        workersConfigured.record(crd.workers)
        busy.record(crd.workersBusy)
        idle.record(crd.workersIdle)
        queueDepth.record(crd.queue.depth)
        consecutiveFailures.record(crd.totals.consecutiveFailures)
    }
}
