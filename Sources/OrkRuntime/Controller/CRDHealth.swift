import FoundationEssentials
import Synchronization

/// The health of one CRD's operator: its start-up phase and reconcile counters, from which its
/// `CRDState` follows (see `state(isLeader:leader:)`).
final class CRDHealth: Sendable {
    /// Where the controller is in its start-up.
    enum Phase: Sendable, Hashable {
        /// Resolving its resources or waiting for its CRD to be served (the reason says which).
        case starting(String)
        /// Waiting for a dependency (the reason names it).
        case waiting(String)
        /// Informers listing.
        case syncing
        /// Caches synced; workers run while this replica leads.
        case running
    }

    struct Values: Sendable {
        var phase = Phase.starting("starting")
        var totals = ReconcileTotals()
        var startedAt: Date?
    }

    let failureThreshold: Int
    private let values = Mutex(Values())
    /// The CRD's reconcile series on `/metrics`, recorded with the totals.
    let metrics: ReconcileMetrics?

    init(failureThreshold: Int, metrics: ReconcileMetrics? = nil) {
        self.failureThreshold = max(1, failureThreshold)
        self.metrics = metrics
    }

    var phase: Phase { values.withLock { $0.phase } }
    var totals: ReconcileTotals { values.withLock { $0.totals } }
    var startedAt: Date? { values.withLock { $0.startedAt } }

    func setPhase(_ phase: Phase) {
        values.withLock { values in
            values.phase = phase
            if phase == .running, values.startedAt == nil { values.startedAt = Date() }
        }
    }

    /// Records one finished reconcile; `writes` counts its API writes.
    func record(success: Bool, error: String? = nil, duration: Duration, writes: Int,
                applied: Int = 0, deleted: Int = 0, unchanged: Int = 0) {
        values.withLock { values in
            let now = Date()
            if success {
                values.totals.succeeded &+= 1
                values.totals.consecutiveFailures = 0
            } else {
                values.totals.failed &+= 1
                values.totals.consecutiveFailures += 1
                values.totals.lastError = error
                values.totals.lastErrorAt = now
            }
            values.totals.lastReconcileAt = now
            values.totals.apiWrites &+= UInt64(max(0, writes))
            values.totals.childrenApplied &+= UInt64(max(0, applied))
            values.totals.childrenDeleted &+= UInt64(max(0, deleted))
            values.totals.childrenUnchanged &+= UInt64(max(0, unchanged))
            values.totals.duration.record(duration)
        }
        metrics?.record(success: success, duration: duration, writes: writes, applied: applied, deleted: deleted,
                        unchanged: unchanged)
    }

    /// The state and its reason for this replica. `isLeader`: it reconciles (leads, or with sharding
    /// holds its shard Lease); a sharded member that does not yet is waiting, not a standby.
    func state(isLeader: Bool, leader: String?, sharded: Bool = false) -> (CRDState, String?) {
        values.withLock { values in
            switch values.phase {
            case .starting(let reason): return (.notStarted, reason)
            case .syncing: return (.notStarted, "caches are syncing")
            case .waiting(let reason): return (.pending, reason)
            case .running:
                guard isLeader else {
                    if sharded { return (.pending, "waiting for this member's shard Lease") }
                    return (.pending, "standby: \(leader.map { "\($0) leads" } ?? "no leader elected yet")")
                }
                if values.totals.consecutiveFailures >= failureThreshold {
                    let last = values.totals.lastError.map { ": \($0)" } ?? ""
                    return (.degraded, "\(values.totals.consecutiveFailures) consecutive reconcile failures\(last)")
                }
                return (.healthy, nil)
            }
        }
    }
}
