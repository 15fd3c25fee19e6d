import OrkKube
import Synchronization

/// A member's side of the drain handshake, per CRD: which of its CRs the coordinator asked it to
/// let go, and which are being reconciled. A draining CR is not started again; the acknowledgement
/// (removing the shard labels) waits until its reconcile in flight has finished, so the next owner
/// never reconciles it while this one still does.
final class ShardDrains: Sendable {
    private struct State {
        var draining: Set<ObjectKey> = []
        var inFlight: Set<ObjectKey> = []
        var waiters: [ObjectKey: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    /// Marks `key` draining; false when it already was (its acknowledgement is under way).
    func begin(_ key: ObjectKey) -> Bool {
        state.withLock { $0.draining.insert(key).inserted }
    }

    /// The drain is over: the CR left this member's shard, or the coordinator withdrew the request.
    func end(_ key: ObjectKey) {
        _ = state.withLock { $0.draining.remove(key) }
    }

    func isDraining(_ key: ObjectKey) -> Bool { state.withLock { $0.draining.contains(key) } }

    var count: Int { state.withLock { $0.draining.count } }

    /// A worker takes `key`: false (do not reconcile) when it is draining.
    func startReconcile(_ key: ObjectKey) -> Bool {
        state.withLock { state in
            guard !state.draining.contains(key) else { return false }
            state.inFlight.insert(key)
            return true
        }
    }

    func finishReconcile(_ key: ObjectKey) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight.remove(key)
            return state.waiters.removeValue(forKey: key) ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no reconcile of `key` is in flight (at once when none is).
    func waitUntilIdle(_ key: ObjectKey) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                guard state.inFlight.contains(key) else { return true }
                state.waiters[key, default: []].append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
