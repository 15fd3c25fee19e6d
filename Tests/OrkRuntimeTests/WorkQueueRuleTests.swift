import OrkRuntime
import Testing

/// Deterministic tests of each rule, on a manual clock.
@Suite struct WorkQueueRuleTests {
    func makeQueue(maxDepth: Int = 0, backoff: ExponentialBackoff = .default) -> (WorkQueue<String>, ManualClock) {
        let clock = ManualClock()
        let queue = WorkQueue<String>(configuration: .init(maxDepth: maxDepth, backoff: backoff), clock: clock)
        return (queue, clock)
    }

    func drainAvailable(_ queue: WorkQueue<String>) async -> [String] {
        var keys: [String] = []
        while queue.stats().depth > 0, let key = await queue.next() {
            keys.append(key)
            queue.done(key)
        }
        return keys
    }

    @Test func dedupQueuesAKeyOnce() async {
        let (queue, _) = makeQueue()
        queue.add("a")
        queue.add("a")
        queue.add("b")
        queue.add("a", priority: .resync)
        let stats = queue.stats()
        #expect(stats.depth == 2)
        #expect(stats.adds == 4)
        #expect(stats.coalesced == 2)
        #expect(await drainAvailable(queue) == ["a", "b"])
    }

    @Test func keyAddedWhileProcessingIsDirtyAndRequeuedOnDone() async {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(await queue.next() == "a")
        queue.add("a")
        queue.add("a")
        var stats = queue.stats()
        #expect(stats.depth == 0)
        #expect(stats.dirty == 1)
        #expect(stats.processing == 1)
        queue.add("b")
        // "a" is not handed out again while it is processing.
        #expect(await queue.next() == "b")
        #expect(queue.stats().depth == 0)
        queue.done("a")
        stats = queue.stats()
        #expect(stats.depth == 1)
        #expect(stats.dirty == 0)
        #expect(await queue.next() == "a")
        queue.done("a")
        queue.done("b")
        queue.done("unknown")
        #expect(queue.stats().processing == 0)
        #expect(queue.stats().depth == 0)
    }

    @Test func eventsAreServedBeforeResyncsInFIFOOrder() async {
        let (queue, _) = makeQueue()
        queue.add("r1", priority: .resync)
        queue.add("e1", priority: .event)
        queue.add("r2", priority: .resync)
        queue.add("e2", priority: .event)
        let stats = queue.stats()
        #expect(stats.eventDepth == 2)
        #expect(stats.resyncDepth == 2)
        #expect(await drainAvailable(queue) == ["e1", "e2", "r1", "r2"])
    }

    @Test func eventAddPromotesAWaitingResyncItem() async {
        let (queue, _) = makeQueue()
        queue.add("x", priority: .resync)
        queue.add("y", priority: .resync)
        queue.add("e", priority: .event)
        queue.add("y", priority: .event)
        let stats = queue.stats()
        #expect(stats.promotions == 1)
        #expect(stats.eventDepth == 2)
        #expect(stats.resyncDepth == 1)
        #expect(await drainAvailable(queue) == ["e", "y", "x"])
    }

    @Test func resyncAddNeverDemotes() async {
        let (queue, _) = makeQueue()
        queue.add("a", priority: .event)
        queue.add("b", priority: .resync)
        queue.add("a", priority: .resync)
        #expect(queue.stats().eventDepth == 1)
        #expect(await drainAvailable(queue) == ["a", "b"])
    }

    @Test func dirtyPriorityIsTheHighestAddedWhileProcessing() async {
        let (queue, _) = makeQueue()
        queue.add("a", priority: .resync)
        #expect(await queue.next() == "a")
        queue.add("a", priority: .resync)
        queue.add("a", priority: .event)
        queue.add("r", priority: .resync)
        queue.done("a")
        #expect(queue.stats().eventDepth == 1)
        #expect(await drainAvailable(queue) == ["a", "r"])
    }

    @Test func rateLimitedAddsBackOffExponentiallyUntilForgotten() async {
        let (queue, clock) = makeQueue()
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            #expect(queue.nextBackoff("a") == .milliseconds(5))
            for expected in [5, 10, 20, 40] {
                #expect(queue.nextBackoff("a") == .milliseconds(expected))
                queue.addRateLimited("a")
                #expect(queue.stats().delayed == 1)
                #expect(queue.stats().depth == 0)
                clock.advance(by: .milliseconds(expected - 1))
                // The timer cannot fire before the clock reaches the deadline.
                await Task.yield()
                #expect(queue.stats().depth == 0)
                clock.advance(by: .milliseconds(1))
                #expect(await queue.next() == "a")
                queue.done("a")
            }
            #expect(queue.failures("a") == 4)
            #expect(queue.stats().retries == 4)
            queue.forget("a")
            #expect(queue.failures("a") == 0)
            #expect(queue.nextBackoff("a") == .milliseconds(5))
            queue.shutDown()
        }
    }

    @Test func backoffIsCappedAndPerItem() async {
        let (queue, _) = makeQueue(backoff: .init(base: .milliseconds(5), cap: .milliseconds(30)))
        for _ in 0..<10 { queue.addRateLimited("a") }
        #expect(queue.failures("a") == 10)
        #expect(queue.nextBackoff("a") == .milliseconds(30))
        #expect(queue.failures("b") == 0)
        #expect(queue.nextBackoff("b") == .milliseconds(5))
        // Ten retries of one key wait as one delayed entry (earliest deadline wins).
        #expect(queue.stats().delayed == 1)
        queue.shutDown()
        #expect(queue.stats().delayed == 0)
    }

    @Test func addAfterFiresInDeadlineOrderAndKeepsTheEarliestDeadline() async {
        let (queue, clock) = makeQueue()
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.addAfter("late", delay: .seconds(3))
            queue.addAfter("early", delay: .seconds(1))
            queue.addAfter("late", delay: .seconds(10))   // keeps 3 s
            queue.addAfter("now", delay: .zero)            // immediate
            #expect(queue.stats().delayed == 2)
            #expect(await queue.next() == "now")
            queue.done("now")
            clock.advance(by: .seconds(2))
            #expect(await queue.next() == "early")
            queue.done("early")
            #expect(queue.stats().delayed == 1)
            clock.advance(by: .seconds(1))
            #expect(await queue.next() == "late")
            queue.done("late")
            // A later, earlier deadline interrupts the timer's current sleep.
            queue.addAfter("far", delay: .seconds(100))
            queue.addAfter("near", delay: .seconds(1))
            clock.advance(by: .seconds(1))
            #expect(await queue.next() == "near")
            queue.done("near")
            #expect(queue.stats().delayed == 1)
            queue.shutDown()
        }
        #expect(queue.stats().delayed == 0)
    }

    @Test func delayedItemForAProcessingKeyMarksItDirty() async {
        let (queue, clock) = makeQueue()
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.add("a")
            #expect(await queue.next() == "a")
            queue.addAfter("a", delay: .seconds(1))
            clock.advance(by: .seconds(1))
            #expect(await eventually { queue.stats().dirty == 1 })
            #expect(queue.stats().depth == 0)
            queue.done("a")
            #expect(await queue.next() == "a")
            queue.done("a")
            queue.shutDown()
        }
    }

    @Test func shutDownWithDrainHandsOutWhatIsLeftThenNil() async {
        let (queue, _) = makeQueue()
        queue.add("a")
        queue.add("b", priority: .resync)
        #expect(await queue.next() == "a")
        queue.add("a")                  // dirty before shutdown: must still be processed
        queue.addAfter("later", delay: .seconds(5))
        queue.shutDown(drain: true)
        #expect(queue.isShutDown)
        queue.add("ignored")
        queue.addRateLimited("ignored")
        var stats = queue.stats()
        #expect(stats.ignoredAfterShutdown == 2)
        #expect(stats.delayed == 0)
        #expect(await queue.next() == "b")
        queue.done("b")
        // Nothing is queued, but "a" is dirty: a waiting worker gets it when "a" is done.
        async let waiting = queue.next()
        #expect(await eventually { queue.stats().processing == 1 })
        queue.done("a")
        #expect(await waiting == "a")
        queue.done("a")
        #expect(await queue.next() == nil)
        #expect(await queue.next() == nil)
        stats = queue.stats()
        #expect(stats.processing == 0)
        #expect(stats.depth == 0)
    }

    @Test func shutDownWithoutDrainReturnsNilAtOnce() async {
        let (queue, _) = makeQueue()
        queue.add("a")
        queue.add("b")
        queue.shutDown(drain: false)
        #expect(await queue.next() == nil)
        queue.shutDown(drain: true)     // cannot re-enable draining
        #expect(await queue.next() == nil)
    }

    @Test func shutDownWakesEveryWaitingWorker() async {
        let (queue, _) = makeQueue()
        await withTaskGroup(of: String?.self) { group in
            for _ in 0..<4 { group.addTask { await queue.next() } }
            try? await Task.sleep(for: .milliseconds(20))
            queue.shutDown()
            var results: [String?] = []
            for await result in group { results.append(result) }
            #expect(results == [nil, nil, nil, nil])
        }
    }

    @Test func shutDownStopsTheTimerLoop() async {
        let (queue, _) = makeQueue()
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.addAfter("x", delay: .seconds(60))
            try? await Task.sleep(for: .milliseconds(10))
            queue.shutDown()
        }
        // Reaching here means run() returned.
        #expect(queue.stats().delayed == 0)
    }

    @Test func cancellingTheTimerLoopReturns() async {
        let (queue, _) = makeQueue()
        let timer = Task { await queue.run() }
        queue.addAfter("x", delay: .seconds(60))
        timer.cancel()
        await timer.value
        #expect(queue.stats().delayed == 1)
    }

    @Test func cancelledWaiterReturnsNilAndLosesNothing() async {
        let (queue, _) = makeQueue()
        let waiter = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == nil)
        queue.add("a")
        #expect(queue.stats().depth == 1)
        #expect(await queue.next() == "a")
        queue.done("a")
        // A task cancelled before calling next() takes nothing.
        queue.add("b")
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await queue.next()
        }
        #expect(await early.value == nil)
        #expect(queue.stats().depth == 1)
        #expect(queue.stats().processing == 0)
    }

    @Test func maxDepthDropsResyncsFirstThenEvents() async {
        let (queue, _) = makeQueue(maxDepth: 3)
        queue.add("r1", priority: .resync)
        queue.add("r2", priority: .resync)
        queue.add("r3", priority: .resync)
        queue.add("r4", priority: .resync)    // full: dropped
        var stats = queue.stats()
        #expect(stats.depth == 3)
        #expect(stats.droppedResyncs == 1)
        queue.add("e1")                         // evicts r1 (oldest resync)
        queue.add("r2", priority: .event)       // promotion, no drop
        stats = queue.stats()
        #expect(stats.depth == 3)
        #expect(stats.eventDepth == 2)
        #expect(stats.droppedResyncs == 2)
        queue.add("e2")                         // evicts r3
        queue.add("e3")                         // full of events: dropped
        queue.add("e1")                         // already queued: coalesced, not a drop
        stats = queue.stats()
        #expect(stats.droppedEvents == 1)
        #expect(stats.droppedResyncs == 3)
        #expect(stats.drops == 4)
        #expect(await queue.next() == "e1")
        // A key being processed is marked dirty even at a full queue, and never lost.
        queue.add("e4")
        #expect(queue.stats().depth == 3)
        queue.add("e1")
        #expect(queue.stats().dirty == 1)
        queue.done("e1")
        stats = queue.stats()
        #expect(stats.depth == 4)               // may exceed maxDepth by the dirty re-queue
        #expect(stats.drops == 4)
        let (keys, _) = (await drainAvailableKeys(queue), ())
        #expect(keys == ["r2", "e2", "e4", "e1"])
    }

    func drainAvailableKeys(_ queue: WorkQueue<String>) async -> [String] {
        await drainAvailable(queue)
    }

    /// A due retry at a queue full of events is never dropped (found by scripts/shard-check: retries
    /// of reconciles the fence stopped were lost at a full queue and nothing brought them back with a
    /// long resync): it waits and is queued once there is room. At a queue holding a resync item it
    /// evicts that item, as an event does.
    @Test func aRetryThatCannotBeQueuedWaitsForRoomAndIsNeverDropped() async {
        let (queue, clock) = makeQueue(maxDepth: 1)
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.add("busy")
            queue.addRateLimited("retry")
            clock.advance(by: .milliseconds(5))
            #expect(await eventually { queue.stats().deferredRetries >= 1 })
            var stats = queue.stats()
            #expect(stats.droppedRetries == 0)
            #expect(stats.drops == 0)
            #expect(stats.depth == 1)
            #expect(stats.delayed == 1, "the retry waits")
            #expect(await queue.next() == "busy")
            queue.done("busy")
            clock.advance(by: .milliseconds(250))
            #expect(await eventually { queue.stats().delayed == 0 })
            #expect(await queue.next() == "retry")
            queue.done("retry")
            // A due retry evicts a resync item instead of waiting.
            queue.add("r", priority: .resync)
            queue.addRateLimited("retry")
            clock.advance(by: .seconds(1))
            #expect(await eventually { queue.stats().delayed == 0 })
            #expect(queue.stats().depth == 1)
            #expect(await queue.next() == "retry")
            queue.done("retry")
            stats = queue.stats()
            #expect(stats.droppedRetries == 0)
            #expect(stats.droppedResyncs == 1)
            queue.shutDown()
        }
    }

    @Test func statsMeasureWaitAndProcessingTime() async {
        let (queue, clock) = makeQueue()
        queue.add("a")
        queue.add("b", priority: .resync)
        clock.advance(by: .milliseconds(7))
        var stats = queue.stats()
        #expect(stats.longestWait == .milliseconds(7))
        #expect(await queue.next() == "a")
        clock.advance(by: .milliseconds(3))
        stats = queue.stats()
        #expect(stats.longestProcessing == .milliseconds(3))
        #expect(stats.longestWait == .milliseconds(10))
        queue.done("a")
        stats = queue.stats()
        #expect(stats.waitTime.count == 1)
        #expect(stats.waitTime.sum == 7)
        #expect(stats.processingTime.count == 1)
        #expect(stats.processingTime.sum == 3)
        #expect(stats.longestProcessing == .zero)
        #expect(await queue.next() == "b")
        queue.done("b")
        stats = queue.stats()
        #expect(stats.waitTime.count == 2)
        #expect(stats.waitTime.sum == 17)
        #expect(stats.longestWait == .zero)
    }
}
