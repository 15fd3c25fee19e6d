import Synchronization

/// At most `limit` requests in flight: `tryAcquire` never waits, so a request over the limit is
/// answered at once (429) instead of queueing without bound.
package final class ConcurrencyLimiter: Sendable {
    package let limit: Int
    private let state = Mutex(State())

    struct State {
        var inFlight = 0
        var refused = 0
    }

    package init(limit: Int) {
        self.limit = limit
    }

    /// Requests holding a permit now.
    package var inFlight: Int { state.withLock { $0.inFlight } }
    /// Requests refused since the start.
    package var refused: Int { state.withLock { $0.refused } }

    /// Takes a permit when one is free; the caller must `release()` it.
    package func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.inFlight < limit else {
                state.refused += 1
                return false
            }
            state.inFlight += 1
            return true
        }
    }

    package func release() {
        state.withLock { state in state.inFlight = max(0, state.inFlight - 1) }
    }

    /// Runs `work` holding a permit; nil (without running it) when none is free.
    package func withPermit<T: Sendable>(_ work: () async -> T) async -> T? {
        guard tryAcquire() else { return nil }
        defer { release() }
        return await work()
    }
}

/// Bytes held by request bodies of one listener, bounded: a reservation over the capacity fails
/// at once instead of waiting.
package final class ByteBudget: Sendable {
    package let capacity: Int
    private let used = Mutex(0)

    package init(capacity: Int) {
        self.capacity = capacity
    }

    package var inUse: Int { used.withLock { $0 } }

    /// Reserves `count` bytes when they fit.
    package func tryReserve(_ count: Int) -> Bool {
        used.withLock { used in
            guard count >= 0, count <= capacity - used else { return false }
            used += count
            return true
        }
    }

    package func release(_ count: Int) {
        used.withLock { used in used = max(0, used - count) }
    }
}
