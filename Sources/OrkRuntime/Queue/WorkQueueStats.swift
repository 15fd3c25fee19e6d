import OrkStats
/// A consistent snapshot of a ``WorkQueue``'s counters and gauges, for `/metrics` and health.
///
/// Counters (`adds`, `retries`, `drops`, …) only grow (saturating); gauges describe the moment of
/// the snapshot.
public struct WorkQueueStats: Sendable, Hashable {
    /// Items waiting in the event lane.
    public var eventDepth: Int = 0
    /// Items waiting in the resync lane.
    public var resyncDepth: Int = 0
    /// Items waiting for a delay (`addAfter`, `addRateLimited`) to elapse.
    public var delayed: Int = 0
    /// Items handed out by `next()` and not yet `done`.
    public var processing: Int = 0
    /// Items being processed that were added again and will be re-queued on `done`.
    public var dirty: Int = 0
    /// Calls to `add` accepted (not counting those ignored after shutdown).
    public var adds: UInt64 = 0
    /// Adds absorbed by an item already waiting (dedup), including promotions.
    public var coalesced: UInt64 = 0
    /// Resync items promoted to the event lane.
    public var promotions: UInt64 = 0
    /// Calls to `addRateLimited`.
    public var retries: UInt64 = 0
    /// All drops: the sum of the three drop counters below.
    public var drops: UInt64 = 0
    /// New event adds refused because the queue was full of events.
    public var droppedEvents: UInt64 = 0
    /// Resync adds refused, plus waiting resync items evicted to make room for an event.
    public var droppedResyncs: UInt64 = 0
    /// Retries dropped at a full queue: none any more (a due retry waits for room, `deferredRetries`);
    /// kept because `/katalog/{crd}` has always shown it.
    public var droppedRetries: UInt64 = 0
    /// Times a due retry found the queue full of events and waited to try again (never dropped).
    public var deferredRetries: UInt64 = 0
    /// Adds ignored because the queue was shutting down.
    public var ignoredAfterShutdown: UInt64 = 0
    /// Age of the oldest waiting item.
    public var longestWait: Duration = .zero
    /// Age of the longest-running item being processed.
    public var longestProcessing: Duration = .zero
    /// Time from enqueue to `next()`, per item.
    public var waitTime = LatencyHistogram()
    /// Time from `next()` to `done`, per item.
    public var processingTime = LatencyHistogram()

    /// Items waiting in both lanes.
    public var depth: Int { eventDepth.saturatingAdd(resyncDepth) }

    /// Creates an empty snapshot.
    public init() {}
}
