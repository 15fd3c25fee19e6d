import Logging
import OrkKube
import Synchronization

/// Whether this replica may reconcile: open while it leads, shut while it follows, closed for
/// good at shutdown. Workers wait on it before each leadership term, and run the term's work
/// beside `waitUntilEnded(term:)`: losing the Lease ends the term and cancels the reconciles in
/// flight (structured cancellation), so a follower keeps its caches warm but never writes.
///
/// Shutdown (`close`) does not end a term: workers stop taking items and finish the ones in flight.
final class LeadershipGate: Sendable {
    private struct State {
        var leading = false
        var closed = false
        /// Counts the times this replica started leading; a term is one of them.
        var term = 0
        var waiters: [Int: CheckedContinuation<Int?, Never>] = [:]
        var endWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0

        mutating func id() -> Int {
            nextID += 1
            return nextID
        }
    }

    private let state = Mutex(State())

    var isLeading: Bool { state.withLock { $0.leading && !$0.closed } }

    /// The current term while leading (and not closed).
    var currentTerm: Int? { state.withLock { $0.leading && !$0.closed ? $0.term : nil } }

    func setLeading(_ leading: Bool) {
        let (term, started, ended) = state.withLock {
            state -> (Int, [CheckedContinuation<Int?, Never>], [CheckedContinuation<Void, Never>]) in
            guard leading != state.leading else { return (state.term, [], []) }
            state.leading = leading
            if leading {
                state.term += 1
                defer { state.waiters = [:] }
                return (state.term, Array(state.waiters.values), [])
            }
            defer { state.endWaiters = [:] }
            return (state.term, [], Array(state.endWaiters.values))
        }
        for waiter in started { waiter.resume(returning: term) }
        for waiter in ended { waiter.resume() }
    }

    /// Ends every wait for leadership with nil; the gate stays closed. Terms in progress go on.
    func close() {
        let resumed = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in resumed { waiter.resume(returning: nil) }
    }

    /// Returns the term once this replica leads; nil when the gate closes or the task is cancelled.
    func waitUntilLeading() async -> Int? {
        let id = state.withLock { $0.id() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
                let answer = state.withLock { state -> Int?? in
                    if state.closed || Task.isCancelled { return .some(nil) }
                    if state.leading { return .some(state.term) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    /// Returns when `term` is over (this replica stopped leading, or leads in a later term), or when
    /// the task is cancelled.
    func waitUntilEnded(term: Int) async {
        let id = state.withLock { $0.id() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let over = state.withLock { state -> Bool in
                    if Task.isCancelled || !state.leading || state.term != term { return true }
                    state.endWaiters[id] = continuation
                    return false
                }
                if over { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.endWaiters.removeValue(forKey: id) }?.resume()
        }
    }
}

extension LeadershipGate {
    /// Starts `elector` and opens this gate while it holds its Lease, shut when it loses it, until the
    /// elector's events end; `held` and `lost` are logged (`onLost` runs after a loss), and each new
    /// holder with `holder` when given.
    func follow(_ elector: LeaseElector, logger: Logger, held: Logger.Message, lost: Logger.Message,
                onLost: (() -> Void)? = nil, holder: ((String?, String?) -> Logger.Message)? = nil) async {
        let events = elector.events()
        elector.start()
        for await event in events {
            switch event {
            case .startedLeading:
                logger.info(held)
                setLeading(true)
            case .stoppedLeading:
                logger.warning(lost)
                setLeading(false)
                onLost?()
            case .newLeader(let identity, let endpoint):
                if let holder { logger.info(holder(identity, endpoint)) }
            }
        }
    }
}
