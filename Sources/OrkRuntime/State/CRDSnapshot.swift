import FoundationEssentials
import OrkKatalog

/// A consistent, copyable view of one CRD's operator: configuration, state, workers, queue and
/// reconcile counters. The HTTP API and `/metrics` render only snapshots, never live state.
public struct CRDSnapshot: Sendable {
    /// The Katalog key (`website`): the `{crd}` path segment and the `crd` metrics label.
    public var key: String
    public var entry: CRDEntry
    public var state: CRDState
    /// Why the CRD is not healthy (waiting for a dependency, follower, last error, …).
    public var stateReason: String?
    /// When its workers started (nil while not started).
    public var startedAt: Date?
    public var workers: Int
    public var workerStates: [WorkerState]
    public var queue: WorkQueueStats
    public var maxDepth: Int
    public var resync: Duration
    public var failureThreshold: Int
    /// CRs in the informer cache.
    public var resourceCount: Int
    /// Of those, the CRs in namespaces the Katalog does not allow (left alone).
    public var refusedByNamespace: Int
    /// Notifications posted for its status fields: sent, throttled, failed, dropped (nil: none to send).
    public var notifications: (sent: Int, throttled: Int, failed: Int, dropped: Int, pending: Int)?
    public var totals: ReconcileTotals
    public var dependencies: [DependencySnapshot]
    /// The RBAC rules this CRD's operator needs (derived from the Katalog).
    public var rbac: [PolicyRule]

    public init(key: String, entry: CRDEntry, state: CRDState, stateReason: String? = nil, startedAt: Date? = nil,
                workers: Int, workerStates: [WorkerState], queue: WorkQueueStats, maxDepth: Int, resync: Duration,
                failureThreshold: Int, resourceCount: Int, refusedByNamespace: Int = 0, totals: ReconcileTotals,
                dependencies: [DependencySnapshot] = [], rbac: [PolicyRule] = []) {
        self.key = key
        self.entry = entry
        self.state = state
        self.stateReason = stateReason
        self.startedAt = startedAt
        self.workers = workers
        self.workerStates = workerStates
        self.queue = queue
        self.maxDepth = maxDepth
        self.resync = resync
        self.failureThreshold = failureThreshold
        self.resourceCount = resourceCount
        self.refusedByNamespace = refusedByNamespace
        self.totals = totals
        self.dependencies = dependencies
        self.rbac = rbac
    }

    public var workersBusy: Int { workerStates.filter { $0 == .processing }.count }
    public var workersIdle: Int { workerStates.filter { $0 == .idle }.count }
}
