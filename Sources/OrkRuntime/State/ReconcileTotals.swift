import OrkStats
import FoundationEssentials

/// Reconcile counters of one CRD: totals by result, the consecutive-failure streak that drives
/// `degraded`, the last error and the duration histogram.
public struct ReconcileTotals: Sendable, Hashable {
    public var succeeded: UInt64 = 0
    public var failed: UInt64 = 0
    /// Failures since the last success (any CR of the CRD).
    public var consecutiveFailures: Int = 0
    public var lastError: String?
    public var lastErrorAt: Date?
    /// When the last reconcile (of any result) finished.
    public var lastReconcileAt: Date?
    /// API writes made by reconciles (apply, patch, create, delete), to show zero-write steady state.
    public var apiWrites: UInt64 = 0
    /// Children applied, deleted, and skipped because their hash matched the cache.
    public var childrenApplied: UInt64 = 0
    public var childrenDeleted: UInt64 = 0
    public var childrenUnchanged: UInt64 = 0
    public var duration = LatencyHistogram()

    public init() {}

    public var total: UInt64 { succeeded &+ failed }

    /// Failed reconciles as a percentage of all (0 when none ran).
    public var errorRatePercent: Double {
        total == 0 ? 0 : Double(failed) / Double(total) * 100
    }
}
