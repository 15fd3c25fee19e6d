import Synchronization

/// A per-CRD work queue with client-go workqueue semantics.
///
/// * **Dedup.** A key waits in the queue at most once. A key handed out by ``next()`` is
///   *processing*; adding it again marks it *dirty*, and ``done(_:)`` re-queues it, so no key is ever
///   processed by two workers at once and no change is lost.
/// * **Two FIFO lanes.** ``QueuePriority/event`` items are served before ``QueuePriority/resync``
///   items; an event add for a key waiting in the resync lane promotes it (keeping its wait time).
/// * **Backoff.** ``addRateLimited(_:)`` re-adds a key after `base × 2^failures` (5 ms → 1000 s by
///   default); ``forget(_:)`` resets the count. ``addAfter(_:delay:priority:)`` schedules a plain
///   delayed add. Delayed entries are deduplicated per key (the earliest deadline wins) and are
///   released by one timer loop, ``run()``, which the owner runs in its task group.
/// * **Bounded depth.** With `maxDepth > 0`, at most `maxDepth` items wait in the lanes. At a full
///   queue a resync add is dropped; an event add (or a due retry) evicts the oldest waiting resync
///   item, and an event add is itself dropped only when every waiting item is an event. A due retry
///   is never dropped: at a queue full of events it waits a moment and tries again
///   (``WorkQueueStats/deferredRetries``), since nothing else may bring its key back soon (a long
///   resync, or none). Every drop is counted (``WorkQueueStats/drops`` and the per-kind counters). Items being
///   processed or dirty never count against the limit and are never dropped: a dirty item re-queued
///   by `done` takes the place of the oldest waiting resync item when the queue is full (an event-lane
///   one does; a resync-lane one does not evict its peers), and otherwise exceeds `maxDepth`. Only such
///   re-queued dirty items can ever make the depth exceed `maxDepth`; while it does, every new add is
///   refused or replaces a resync item, so the overflow shrinks as workers take items.
/// * **Shutdown.** ``shutDown(drain:)`` ignores further adds and discards delayed items. With
///   `drain: true`, ``next()`` keeps handing out the waiting items (and dirty items re-queued by
///   `done`) and returns nil once nothing is left; with `drain: false` it returns nil at once.
///
/// Why a final class with a `Mutex` rather than an actor: informer callbacks and HTTP/metrics
/// handlers call `add`, `done` and `stats` synchronously without hopping executors, and a cancelled
/// `next()` must be able to remove its waiter synchronously from the cancellation handler — with an
/// actor that removal would need an unstructured task, and a cancelled waiter could linger.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct TimerSignal {
        var signaled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private enum Fast: Sendable { case key(Key?), wait(UInt64) }
    private enum Step: Sendable { case stop, sleep(Duration?) }

    private let state: Mutex<QueueCore<Key>>
    private let timer = Mutex(TimerSignal())
    private let clock: any QueueClock
    /// The configuration the queue was created with.
    public let configuration: WorkQueueConfiguration

    /// Creates a queue. Call ``run()`` (usually in the owner's task group) for delayed adds to fire.
    /// `metrics`: the series the queue records on `/metrics` (none by default).
    public init(configuration: WorkQueueConfiguration = .init(), clock: any QueueClock = ContinuousQueueClock(),
                metrics: QueueMetrics? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.state = Mutex(QueueCore(configuration: configuration, metrics: metrics))
    }

    /// Runs `body` under the lock, then resumes the continuations it released.
    private func locked<Result: Sendable>(_ body: (QueueCore<Key>, Duration) -> Result) -> Result {
        let now = clock.now()
        let (result, wakeups) = state.withLock { core -> (Result, [(QueueCore<Key>.Waiter, Key?)]) in
            let result = body(core, now)
            let wakeups = core.pendingWakeups
            core.pendingWakeups.removeAll()
            return (result, wakeups)
        }
        for (continuation, key) in wakeups { continuation.resume(returning: key) }
        return result
    }

    // MARK: adding

    /// Adds `key` (deduplicated; marks it dirty if it is being processed). Ignored after shutdown.
    /// Returns false when the queue was full and `key` was dropped (counted in the stats).
    @discardableResult
    public func add(_ key: Key, priority: QueuePriority = .event) -> Bool {
        locked { core, now in core.add(key, priority: priority, now: now) != .dropped }
    }

    /// Items waiting in the two lanes (not those being processed).
    public var depth: Int {
        state.withLock { $0.depth }
    }

    /// Adds `key` once `delay` has elapsed (at once if `delay <= 0`). A key already waiting for a
    /// delay keeps the earlier deadline and the higher priority.
    public func addAfter(_ key: Key, delay: Duration, priority: QueuePriority = .event) {
        let wake = locked { core, now in
            core.addAfter(key, delay: delay, priority: priority, now: now, isRetry: false)
        }
        if wake { signalTimer() }
    }

    /// Re-adds `key` in the event lane after its per-item backoff and increments its failure count.
    public func addRateLimited(_ key: Key) {
        let wake = locked { core, now in core.addRateLimited(key, now: now) }
        if wake { signalTimer() }
    }

    /// Resets the failure count of `key` (call after a successful reconcile).
    public func forget(_ key: Key) {
        locked { core, _ in core.forget(key) }
    }

    /// How many times `key` was rate-limited since it was last forgotten.
    public func failures(_ key: Key) -> Int {
        locked { core, _ in core.failureCount(key) }
    }

    /// The delay the next ``addRateLimited(_:)`` of `key` would use.
    public func nextBackoff(_ key: Key) -> Duration {
        configuration.backoff.delay(failures: failures(key))
    }

    // MARK: taking

    /// Waits for the next key and marks it processing; the caller must call ``done(_:)`` for every
    /// key it receives. Returns nil after shutdown (once drained, or at once without drain) and when
    /// the waiting task is cancelled; a key that was already handed to this call when it was
    /// cancelled is still returned, so no item is ever lost.
    public func next() async -> Key? {
        let fast = locked { core, now -> Fast in
            if Task.isCancelled { return .key(nil) }
            if let key = core.take(now: now) { return .key(key) }
            if core.isFinished { return .key(nil) }
            return .wait(core.allocateWaiterID())
        }
        guard case .wait(let id) = fast else {
            if case .key(let key) = fast { return key }
            return nil
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let immediate = locked { core, now -> Fast in
                    if Task.isCancelled { return .key(nil) }
                    if let key = core.take(now: now) { return .key(key) }
                    if core.isFinished { return .key(nil) }
                    core.enqueueWaiter(id: id, continuation)
                    return .wait(id)
                }
                if case .key(let key) = immediate { continuation.resume(returning: key) }
            }
        } onCancel: {
            let waiter = locked { core, _ in core.removeWaiter(id) }
            waiter?.resume(returning: nil)
        }
    }

    /// Marks `key` finished; re-queues it if it was added while processing. Unknown keys are ignored.
    public func done(_ key: Key) {
        locked { core, now in _ = core.done(key, now: now) }
    }

    // MARK: lifecycle

    /// Stops accepting adds and discards delayed items. `drain: true` lets workers finish the
    /// waiting items; `drain: false` makes every `next()` return nil at once. Idempotent; once
    /// `drain: false` was requested, it stays in force.
    public func shutDown(drain: Bool = true) {
        locked { core, now in core.shutDown(drain: drain, now: now) }
        signalTimer()
    }

    /// Whether ``shutDown(drain:)`` was called.
    public var isShutDown: Bool {
        locked { core, _ in core.isShutDown }
    }

    /// A snapshot of the queue's counters, gauges and latency histograms.
    public func stats() -> WorkQueueStats {
        locked { core, now in core.snapshot(now: now) }
    }

    /// The timer loop that releases delayed items when they come due. Run it exactly once per queue,
    /// inside the owner's task group; it returns after ``shutDown(drain:)`` or when cancelled.
    public func run() async {
        while !Task.isCancelled {
            let step = locked { core, now -> Step in
                if core.isShutDown { return .stop }
                core.fireDue(now: now)
                return .sleep(core.nextDeadline())
            }
            guard case .sleep(let deadline) = step else { return }
            if let deadline {
                let clock = self.clock
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? await clock.sleep(until: deadline) }
                    group.addTask { await self.waitForTimerSignal() }
                    await group.next()
                    group.cancelAll()
                }
            } else {
                await waitForTimerSignal()
            }
        }
    }

    private func signalTimer() {
        let waiter = timer.withLock { signal -> CheckedContinuation<Void, Never>? in
            if let waiter = signal.waiter {
                signal.waiter = nil
                return waiter
            }
            signal.signaled = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when signalled (a new earliest deadline, or shutdown) or when the task is cancelled.
    private func waitForTimerSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = timer.withLock { signal -> Bool in
                    if signal.signaled || Task.isCancelled {
                        signal.signaled = false
                        return true
                    }
                    signal.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = timer.withLock { signal -> CheckedContinuation<Void, Never>? in
                let waiter = signal.waiter
                signal.waiter = nil
                return waiter
            }
            waiter?.resume()
        }
    }
}
