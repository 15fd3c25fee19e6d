import Synchronization

/// Whether this replica may reconcile: open while it leads, shut while it follows, closed for
/// good at shutdown. Workers wait on it before taking each item, so a follower keeps its caches
/// warm but never writes.
final class LeadershipGate: Sendable {
    private struct State {
        var leading = false
        var closed = false
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    var isLeading: Bool { state.withLock { $0.leading && !$0.closed } }

    func setLeading(_ leading: Bool) {
        let resumed = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.leading = leading
            guard leading else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in resumed { waiter.resume(returning: true) }
    }

    /// Ends every wait with false; the gate stays closed.
    func close() {
        let resumed = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in resumed { waiter.resume(returning: false) }
    }

    /// Returns true once this replica leads, false when the gate closes or the task is cancelled.
    func waitUntilLeading() async -> Bool {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer = state.withLock { state -> Bool? in
                    if state.closed || Task.isCancelled { return false }
                    if state.leading { return true }
                    state.waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
        }
    }
}
