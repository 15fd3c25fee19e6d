import Synchronization

/// Hands the poller's latest state to the UI thread: the poller writes, the UI reads, both
/// without waiting on each other.
package final class SnapshotBox: Sendable {
    private let storage: Mutex<(version: Int, state: ControlState)>

    package init(_ state: ControlState) {
        storage = Mutex((0, state))
    }

    package func publish(_ state: ControlState) {
        storage.withLock { $0 = ($0.version + 1, state) }
    }

    package func read() -> (version: Int, state: ControlState) {
        storage.withLock { $0 }
    }
}
