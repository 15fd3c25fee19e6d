import CoreMetrics
import OrkMetrics

/// The coordinator's series: moves of buckets by kind, CRs labelled with their bucket, and how long
/// a bucket's move between live members took (from the drain request to its next assignment).
struct ShardMoveMetrics: Sendable {
    let assigned: Counter
    let reassigned: Counter
    let drained: Counter
    let undrained: Counter
    let labelled: Counter
    let duration: CoreMetrics.Timer

    init(factory: any MetricsFactory) {
        typealias F = RuntimeMetricFamilies
        assigned = Counter(label: F.shardMoves, dimensions: [("move", "assign")], factory: factory)
        reassigned = Counter(label: F.shardMoves, dimensions: [("move", "reassign")], factory: factory)
        drained = Counter(label: F.shardMoves, dimensions: [("move", "drain")], factory: factory)
        undrained = Counter(label: F.shardMoves, dimensions: [("move", "undrain")], factory: factory)
        labelled = Counter(label: F.shardMoves, dimensions: [("move", "label")], factory: factory)
        duration = Timer(label: F.shardMoveDuration, factory: factory)
    }

    func record(_ move: ShardMove) {
        switch move {
        case .assign: assigned.increment()
        case .reassign: reassigned.increment()
        case .drain: drained.increment()
        case .undrain: undrained.increment()
        }
    }
}
