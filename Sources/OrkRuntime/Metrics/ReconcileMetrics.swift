import CoreMetrics
import OrkMetrics

/// The reconcile series of one CRD, recorded where a reconcile finishes (``CRDHealth/record``):
/// results, duration, API writes and children applied, deleted and left unchanged.
struct ReconcileMetrics: Sendable {
    typealias F = RuntimeMetricFamilies
    let succeeded: CoreMetrics.Counter
    let failed: CoreMetrics.Counter
    let duration: CoreMetrics.Timer
    let apiWrites: CoreMetrics.Counter
    let childrenApplied: CoreMetrics.Counter
    let childrenDeleted: CoreMetrics.Counter
    let childrenUnchanged: CoreMetrics.Counter

    init(labels: [(String, String)], factory: any MetricsFactory) {
        succeeded = Counter(label: F.reconciles, dimensions: labels + [("result", "success")], factory: factory)
        failed = Counter(label: F.reconciles, dimensions: labels + [("result", "failure")], factory: factory)
        duration = Timer(label: F.reconcileDuration, dimensions: labels, factory: factory)
        apiWrites = Counter(label: F.apiWrites, dimensions: labels, factory: factory)
        childrenApplied = Counter(label: F.childrenApplied, dimensions: labels, factory: factory)
        childrenDeleted = Counter(label: F.childrenDeleted, dimensions: labels, factory: factory)
        childrenUnchanged = Counter(label: F.childrenUnchanged, dimensions: labels, factory: factory)
    }

    func record(success: Bool, duration elapsed: Duration, writes: Int, applied: Int, deleted: Int, unchanged: Int) {
        (success ? succeeded : failed).increment()
        duration.record(elapsed)
        apiWrites.add(writes)
        childrenApplied.add(applied)
        childrenDeleted.add(deleted)
        childrenUnchanged.add(unchanged)
    }
}
