/// The lane an item is queued in.
///
/// Items in the `.event` lane (watch events, child drift, retries) are always handed out before
/// items in the `.resync` lane (periodic resyncs). Each lane is FIFO. An `.event` add for a key
/// waiting in the resync lane promotes it to the event lane; a `.resync` add never demotes.
public enum QueuePriority: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Periodic resync: served only when no event item is waiting; dropped first when full.
    case resync = 0
    /// A real change (watch event, child event, retry): served first.
    case event = 1

    public static func < (lhs: QueuePriority, rhs: QueuePriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
