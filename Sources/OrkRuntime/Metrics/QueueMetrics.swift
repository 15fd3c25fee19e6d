import CoreMetrics
import OrkMetrics

/// The work-queue series of one CRD, recorded by the queue as items arrive, are retried, dropped
/// and taken: adds, retries, drops and the time items waited.
public struct QueueMetrics: Sendable {
    typealias F = RuntimeMetricFamilies
    let adds: CoreMetrics.Counter
    let retries: CoreMetrics.Counter
    let drops: CoreMetrics.Counter
    let wait: CoreMetrics.Timer

    init(labels: [(String, String)], factory: any MetricsFactory) {
        adds = Counter(label: F.queueAdds, dimensions: labels, factory: factory)
        retries = Counter(label: F.queueRetries, dimensions: labels, factory: factory)
        drops = Counter(label: F.queueDrops, dimensions: labels, factory: factory)
        wait = Timer(label: F.queueWait, dimensions: labels, factory: factory)
    }
}
