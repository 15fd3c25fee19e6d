import Synchronization

/// Counts the open connections of one listener: the first `capacity` are served, the ones over
/// it are answered 503 (``ConnectionLimitsHandler``).
package final class ConnectionGate: Sendable {
    package let capacity: Int
    private let open = Mutex(0)

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// Connections open now.
    package var count: Int { open.withLock { $0 } }

    /// Counts a new connection; true when it is within the capacity.
    func enter() -> Bool {
        open.withLock { count in
            count += 1
            return count <= capacity
        }
    }

    /// Forgets a closed connection.
    func leave() {
        open.withLock { count in count = max(0, count - 1) }
    }
}
