/// The synchronous state machine behind ``WorkQueue``: lanes, dedup, dirty/processing sets,
/// delayed items, per-item failures, waiters and counters. It is only ever touched under the
/// queue's lock. A class (not a struct) so that no large value is mutated `inout` through the
/// lock's typed-throws closure (see the release-mode miscompile noted in the project).
///
/// Invariants: a key is in at most one of {queued, processing}; `dirty ⊆ processing`;
/// `eventCount`/`resyncCount` equal the number of `queued` entries per lane; waiters exist only
/// while nothing is queued (or while draining).
final class QueueCore<Key: Hashable & Sendable> {
    typealias Waiter = CheckedContinuation<Key?, Never>

    struct Queued {
        var lane: QueuePriority
        var sequence: UInt64
        var enqueuedAt: Duration
    }

    struct LaneEntry {
        var key: Key
        var sequence: UInt64
    }

    struct Delayed {
        var deadline: Duration
        var sequence: UInt64
        var priority: QueuePriority
        var isRetry: Bool
    }

    enum Outcome { case queued, coalesced, dirty, dropped, ignored }

    /// The longest delay honoured by `addAfter`; longer ones are clamped.
    static var maximumDelay: Duration { .seconds(Int64(1) << 40) }

    let configuration: WorkQueueConfiguration
    private var queued: [Key: Queued] = [:]
    private var eventLane = FIFOLane<LaneEntry>()
    private var resyncLane = FIFOLane<LaneEntry>()
    private var eventCount = 0
    private var resyncCount = 0
    private var processing: [Key: Duration] = [:]
    private var dirty: [Key: QueuePriority] = [:]
    private var failures: [Key: Int] = [:]
    private var delayed: [Key: Delayed] = [:]
    private var delayHeap = DelayHeap<Key>()
    private var sequence: UInt64 = 0
    private var waiters: [(id: UInt64, continuation: Waiter)] = []
    private var nextWaiterID: UInt64 = 0
    private(set) var isShutDown = false
    private(set) var draining = true
    private var stats = WorkQueueStats()

    /// Continuations to resume once the lock is released.
    var pendingWakeups: [(Waiter, Key?)] = []

    /// The CRD's queue series on `/metrics`, recorded with the stats.
    private let metrics: QueueMetrics?

    init(configuration: WorkQueueConfiguration, metrics: QueueMetrics? = nil) {
        self.configuration = configuration
        self.metrics = metrics
    }

    private func nextSequence() -> UInt64 {
        sequence = sequence.saturatingAdd(1)
        return sequence
    }

    var depth: Int { eventCount.saturatingAdd(resyncCount) }

    // MARK: adding

    @discardableResult
    func add(_ key: Key, priority: QueuePriority, now: Duration) -> Outcome {
        guard !isShutDown else {
            stats.ignoredAfterShutdown = stats.ignoredAfterShutdown.saturatingAdd(1)
            return .ignored
        }
        stats.adds = stats.adds.saturatingAdd(1)
        metrics?.adds.increment()
        return insert(key, priority: priority, now: now, isRetry: false)
    }

    /// Queues `key` (or marks it dirty if it is being processed), applying the depth policy.
    private func insert(_ key: Key, priority: QueuePriority, now: Duration, isRetry: Bool) -> Outcome {
        if processing[key] != nil {
            dirty[key] = max(dirty[key] ?? priority, priority)
            return .dirty
        }
        let outcome = enqueue(key, lane: priority, now: now, bypassLimit: false, isRetry: isRetry)
        dispatch(now: now)
        return outcome
    }

    private func enqueue(_ key: Key, lane: QueuePriority, now: Duration, bypassLimit: Bool, isRetry: Bool) -> Outcome {
        if var existing = queued[key] {
            stats.coalesced = stats.coalesced.saturatingAdd(1)
            if lane == .event, existing.lane == .resync {
                existing.lane = .event
                existing.sequence = nextSequence()
                queued[key] = existing
                resyncCount = resyncCount.saturatingAdd(-1)
                eventCount = eventCount.saturatingAdd(1)
                eventLane.append(LaneEntry(key: key, sequence: existing.sequence))
                stats.promotions = stats.promotions.saturatingAdd(1)
            }
            return .coalesced
        }
        let limit = configuration.maxDepth
        if limit > 0, depth >= limit {
            if bypassLimit {
                // A dirty item is never dropped: an event-lane one takes the place of the oldest
                // waiting resync item if there is one; otherwise the depth exceeds the limit.
                if lane == .event, evictOldestResync() { countEviction() }
            } else if lane == .resync {
                countDrop(lane: lane, isRetry: isRetry)
                return .dropped
            } else if evictOldestResync() {
                // An event (or due retry) at a full queue holding resync items replaces the oldest.
                countEviction()
            } else {
                countDrop(lane: lane, isRetry: isRetry)
                return .dropped
            }
        }
        let seq = nextSequence()
        queued[key] = Queued(lane: lane, sequence: seq, enqueuedAt: now)
        switch lane {
        case .event:
            eventCount = eventCount.saturatingAdd(1)
            eventLane.append(LaneEntry(key: key, sequence: seq))
        case .resync:
            resyncCount = resyncCount.saturatingAdd(1)
            resyncLane.append(LaneEntry(key: key, sequence: seq))
        }
        return .queued
    }

    private func countDrop(lane: QueuePriority, isRetry: Bool) {
        stats.drops = stats.drops.saturatingAdd(1)
        metrics?.drops.increment()
        if isRetry {
            stats.droppedRetries = stats.droppedRetries.saturatingAdd(1)
        } else if lane == .event {
            stats.droppedEvents = stats.droppedEvents.saturatingAdd(1)
        } else {
            stats.droppedResyncs = stats.droppedResyncs.saturatingAdd(1)
        }
    }

    private func countEviction() {
        stats.droppedResyncs = stats.droppedResyncs.saturatingAdd(1)
        stats.drops = stats.drops.saturatingAdd(1)
        metrics?.drops.increment()
    }

    private func evictOldestResync() -> Bool {
        while let entry = resyncLane.popFirst() {
            guard let item = queued[entry.key], item.sequence == entry.sequence, item.lane == .resync else { continue }
            queued[entry.key] = nil
            resyncCount = resyncCount.saturatingAdd(-1)
            return true
        }
        return false
    }

    // MARK: delayed adds

    /// Returns true when the timer must be woken (a new earliest deadline).
    func addAfter(_ key: Key, delay: Duration, priority: QueuePriority, now: Duration, isRetry: Bool) -> Bool {
        guard !isShutDown else {
            stats.ignoredAfterShutdown = stats.ignoredAfterShutdown.saturatingAdd(1)
            return false
        }
        if !isRetry {
            stats.adds = stats.adds.saturatingAdd(1)
            metrics?.adds.increment()
        }
        guard delay > .zero else {
            _ = insert(key, priority: priority, now: now, isRetry: isRetry)
            return false
        }
        // Clamp absurd delays (~35 000 years) so the deadline arithmetic can never overflow.
        let deadline = now + min(delay, Self.maximumDelay)
        if var existing = delayed[key] {
            existing.priority = max(existing.priority, priority)
            existing.isRetry = existing.isRetry && isRetry
            if existing.deadline <= deadline {
                delayed[key] = existing
                return false
            }
            existing.deadline = deadline
            existing.sequence = nextSequence()
            delayed[key] = existing
            delayHeap.insert(.init(deadline: deadline, sequence: existing.sequence, key: key))
        } else {
            let seq = nextSequence()
            delayed[key] = Delayed(deadline: deadline, sequence: seq, priority: priority, isRetry: isRetry)
            delayHeap.insert(.init(deadline: deadline, sequence: seq, key: key))
        }
        return nextDeadline() == deadline
    }

    func addRateLimited(_ key: Key, now: Duration) -> Bool {
        guard !isShutDown else {
            stats.ignoredAfterShutdown = stats.ignoredAfterShutdown.saturatingAdd(1)
            return false
        }
        stats.retries = stats.retries.saturatingAdd(1)
        metrics?.retries.increment()
        let count = failures[key] ?? 0
        failures[key] = count.saturatingAdd(1)
        let delay = configuration.backoff.delay(failures: count)
        return addAfter(key, delay: delay, priority: .event, now: now, isRetry: true)
    }

    func forget(_ key: Key) {
        failures[key] = nil
    }

    func failureCount(_ key: Key) -> Int {
        failures[key] ?? 0
    }

    /// The earliest valid deadline, discarding stale heap entries.
    func nextDeadline() -> Duration? {
        while let top = delayHeap.first {
            if let item = delayed[top.key], item.sequence == top.sequence { return top.deadline }
            _ = delayHeap.popFirst()
        }
        return nil
    }

    /// How long a due retry that finds the queue full of events waits before it tries again.
    static var retryWhenFull: Duration { .milliseconds(250) }

    /// Moves every delayed item whose deadline has passed into the queue. A due retry that finds
    /// the queue full of events (nothing to evict) waits `retryWhenFull` and tries again instead of
    /// being dropped: a retried item is one whose work is not done (a failure, a reconcile the fence
    /// stopped), and nothing else may bring it back soon (a long or no resync).
    func fireDue(now: Duration) {
        var waiting: [(Key, Delayed)] = []
        while let deadline = nextDeadline(), deadline <= now, let top = delayHeap.popFirst() {
            guard let item = delayed.removeValue(forKey: top.key) else { continue }
            guard !isShutDown else { continue }
            if item.isRetry, isFullOfEvents, queued[top.key] == nil, processing[top.key] == nil {
                waiting.append((top.key, item))
                continue
            }
            _ = insert(top.key, priority: item.priority, now: now, isRetry: item.isRetry)
        }
        for (key, item) in waiting {
            stats.deferredRetries = stats.deferredRetries.saturatingAdd(1)
            var again = item
            again.deadline = now + Self.retryWhenFull
            again.sequence = nextSequence()
            delayed[key] = again
            delayHeap.insert(.init(deadline: again.deadline, sequence: again.sequence, key: key))
        }
    }

    /// At the depth limit with no resync item to give way.
    private var isFullOfEvents: Bool {
        configuration.maxDepth > 0 && depth >= configuration.maxDepth && resyncCount == 0
    }

    // MARK: taking and finishing

    private func popQueued() -> (Key, Queued)? {
        while eventCount > 0, let entry = eventLane.popFirst() {
            if let item = queued[entry.key], item.sequence == entry.sequence, item.lane == .event {
                queued[entry.key] = nil
                eventCount = eventCount.saturatingAdd(-1)
                return (entry.key, item)
            }
        }
        while resyncCount > 0, let entry = resyncLane.popFirst() {
            if let item = queued[entry.key], item.sequence == entry.sequence, item.lane == .resync {
                queued[entry.key] = nil
                resyncCount = resyncCount.saturatingAdd(-1)
                return (entry.key, item)
            }
        }
        return nil
    }

    /// Takes the next item for a worker, marking it processing.
    func take(now: Duration) -> Key? {
        if isShutDown, !draining { return nil }
        guard let (key, item) = popQueued() else { return nil }
        processing[key] = now
        stats.waitTime.record(now - item.enqueuedAt)
        metrics?.wait.record(now - item.enqueuedAt)
        return key
    }

    /// True once a shut-down queue has nothing more to hand out.
    var isFinished: Bool {
        guard isShutDown else { return false }
        return !draining || (depth == 0 && dirty.isEmpty)
    }

    /// Hands queued items to waiting workers; releases every waiter once finished.
    private func dispatch(now: Duration) {
        while !waiters.isEmpty, depth > 0, let key = take(now: now) {
            let waiter = waiters.removeFirst()
            pendingWakeups.append((waiter.continuation, key))
        }
        if isFinished {
            for waiter in waiters { pendingWakeups.append((waiter.continuation, nil)) }
            waiters.removeAll()
        }
    }

    func allocateWaiterID() -> UInt64 {
        nextWaiterID = nextWaiterID.saturatingAdd(1)
        return nextWaiterID
    }

    func enqueueWaiter(id: UInt64, _ continuation: Waiter) {
        waiters.append((id, continuation))
    }

    func removeWaiter(_ id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).continuation
    }

    /// Returns false when `key` was not being processed.
    func done(_ key: Key, now: Duration) -> Bool {
        guard let started = processing.removeValue(forKey: key) else { return false }
        stats.processingTime.record(now - started)
        if let priority = dirty.removeValue(forKey: key) {
            // A dirty item is never lost: it bypasses the depth limit (by at most one per worker).
            _ = enqueue(key, lane: priority, now: now, bypassLimit: true, isRetry: false)
        }
        dispatch(now: now)
        return true
    }

    func shutDown(drain: Bool, now: Duration) {
        isShutDown = true
        draining = draining && drain
        delayed.removeAll()
        delayHeap.removeAll()
        dispatch(now: now)
    }

    func snapshot(now: Duration) -> WorkQueueStats {
        var result = stats
        result.eventDepth = eventCount
        result.resyncDepth = resyncCount
        result.delayed = delayed.count
        result.processing = processing.count
        result.dirty = dirty.count
        var oldest: Duration?
        for item in queued.values where oldest.map({ item.enqueuedAt < $0 }) ?? true {
            oldest = item.enqueuedAt
        }
        result.longestWait = oldest.map { max(now - $0, .zero) } ?? .zero
        let earliestStart = processing.values.min()
        result.longestProcessing = earliestStart.map { max(now - $0, .zero) } ?? .zero
        return result
    }

    func isProcessing(_ key: Key) -> Bool { processing[key] != nil }
    func isQueued(_ key: Key) -> QueuePriority? { queued[key]?.lane }
}
