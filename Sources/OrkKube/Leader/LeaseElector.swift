import Logging
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, following client-go's algorithm:
/// candidates create the Lease or take it over once it expired (optimistic concurrency through its
/// resourceVersion; `leaseTransitions` counts takeovers); the leader renews every retry period and
/// gives leadership up when no renewal succeeded within the renew deadline; stopping releases the
/// Lease (empty holder) so another candidate takes over at once.
///
/// Clock-skew safe: a candidate never compares the Lease's times with its own wall clock. It notes
/// on its local monotonic clock when it last saw the Lease record *change*, and considers the Lease
/// expired `leaseDurationSeconds` after that.
///
/// Followers also watch the Lease between retries, so a released Lease is taken over within a
/// round trip instead of up to a retry period later.
///
/// A final class with a `Mutex`: the state is read synchronously (HTTP handlers naming the leader),
/// and one task (the election loop) writes it.
public final class LeaseElector: Sendable {
    struct State: Sendable {
        var lifecycle = RunOnce()
        var releaseOnStop = true
        var isLeader = false
        /// The Lease record last seen, its resourceVersion, and when (locally) it last changed.
        var observed: LeaseRecord?
        var observedVersion = ""
        var observedAt: ContinuousClock.Instant?
        /// When the last successful acquire or renew was sent.
        var lastRenew: ContinuousClock.Instant?
        var subscribers: [Int: AsyncStream<LeadershipEvent>.Continuation] = [:]
        var nextSubscriber = 0

        var leaderState: LeaderState {
            let holder = observed.flatMap { $0.isFree ? nil : $0 }
            return LeaderState(isLeader: isLeader, leaderIdentity: holder?.holderIdentity,
                               leaderEndpoint: holder.flatMap { $0.endpoint.isEmpty ? nil : $0.endpoint })
        }
    }

    /// `coordination.k8s.io/v1` Leases (also the shard Leases the runtime lists and cleans up).
    public static let leases = APIResource(group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease",
                                           namespaced: true, verbs: ["create", "delete", "get", "list", "watch", "update"])

    public let client: KubeClient
    public let config: LeaseElectorConfig
    /// Whether followers watch the Lease to take a released one over at once.
    public let watchForRelease: Bool
    let logger: Logger
    let clock = ContinuousClock()
    let state = Mutex(State())

    /// An elector for `config` (validated).
    public init(client: KubeClient, config: LeaseElectorConfig, watchForRelease: Bool = true,
                logger: Logger? = nil) throws(LeaseElectorError) {
        try config.validate()
        self.client = client
        self.config = config
        self.watchForRelease = watchForRelease
        var logger = logger ?? client.logger
        logger[metadataKey: "lease"] = "\(config.namespace)/\(config.name)"
        logger[metadataKey: "identity"] = "\(config.identity)"
        self.logger = logger
    }

    // MARK: state

    /// Whether this elector leads, and who leads as last observed.
    public var leaderState: LeaderState { state.withLock { $0.leaderState } }

    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// While this elector leads: when its last successful acquire or renew was sent, on the local
    /// monotonic clock (the instant before the request, so the lease is at least as fresh as this).
    /// Nil while it does not lead. `LeaseFence` judges writes by it.
    public var renewedAt: ContinuousClock.Instant? {
        state.withLock { $0.isLeader ? $0.lastRenew : nil }
    }

    /// Leadership changes. A new stream starts with the current state (`.newLeader` with the holder
    /// last observed, then `.startedLeading` if this elector leads) and ends when the elector stops.
    /// Buffering is unbounded: there are at most a few events per lease term.
    public func events() -> AsyncStream<LeadershipEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: LeadershipEvent.self, bufferingPolicy: .unbounded)
        let id = state.withLock { state -> Int? in
            if state.observed != nil {
                let current = state.leaderState
                continuation.yield(.newLeader(identity: current.leaderIdentity, endpoint: current.leaderEndpoint))
            }
            if state.isLeader { continuation.yield(.startedLeading) }
            guard !state.lifecycle.hasEnded else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        if let id {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }

    // MARK: lifecycle

    /// Starts competing in a task owned by the elector.
    public func start() {
        state.withLock { state in
            state.lifecycle.start { await self.run() }
        }
    }

    /// Stops competing and waits for the election task to end. With `release` (the default, for
    /// an orderly shutdown) a leader hands the Lease over at once; without it the Lease stays held
    /// until it expires, as when the process is killed.
    public func stop(release: Bool = true) async {
        let task = state.withLock { state in
            state.releaseOnStop = release
            return state.lifecycle.task
        }
        task?.cancel()
        await task?.value
    }

    /// Competes in the calling task until it is cancelled; then releases the Lease if it leads
    /// (unless `stop(release: false)` asked otherwise). Returns at once when the elector already ran.
    public func run() async {
        let begin = state.withLock { $0.lifecycle.begin() }
        guard begin else { return }
        await elect()
        let (wasLeader, release) = state.withLock { ($0.isLeader, $0.releaseOnStop) }
        if wasLeader && release {
            // The calling task is cancelled, which would cancel the requests: release from a fresh task.
            await Task { await self.release() }.value
        }
        let subscribers = state.withLock { state in
            state.lifecycle.finish()
            state.isLeader = false
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        if wasLeader { emit(.stoppedLeading, to: subscribers) }
        for subscriber in subscribers { subscriber.finish() }
    }

    // MARK: events

    func emit(_ event: LeadershipEvent) {
        emit(event, to: state.withLock { Array($0.subscribers.values) })
    }

    func emit(_ event: LeadershipEvent, to subscribers: [AsyncStream<LeadershipEvent>.Continuation]) {
        switch event {
        case .startedLeading: logger.info("started leading")
        case .stoppedLeading: logger.info("stopped leading")
        case .newLeader(let identity, _): logger.info("leader is now \(identity ?? "nobody")")
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }
}
