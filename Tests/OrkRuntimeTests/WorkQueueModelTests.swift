import TestRandom
import OrkRuntime
import Testing

/// Random operation sequences (fixed seeds) checked step by step against a plain reference model.
@Suite struct WorkQueueModelTests {
    /// The obvious, slow implementation of the rules.
    struct Model {
        var maxDepth: Int
        var events: [Int] = []
        var resyncs: [Int] = []
        var processing: Set<Int> = []
        var dirty: [Int: QueuePriority] = [:]
        var droppedEvents: UInt64 = 0
        var droppedResyncs: UInt64 = 0
        var coalesced: UInt64 = 0
        var shutDown = false

        var depth: Int { events.count + resyncs.count }

        mutating func add(_ key: Int, _ priority: QueuePriority) {
            if shutDown { return }
            if processing.contains(key) {
                dirty[key] = max(dirty[key] ?? priority, priority)
                return
            }
            enqueue(key, priority, bypass: false)
        }

        mutating func enqueue(_ key: Int, _ priority: QueuePriority, bypass: Bool) {
            if events.contains(key) { coalesced += 1; return }
            if let index = resyncs.firstIndex(of: key) {
                coalesced += 1
                if priority == .event {
                    resyncs.remove(at: index)
                    events.append(key)
                }
                return
            }
            if bypass, maxDepth > 0, depth >= maxDepth {
                if priority == .event, !resyncs.isEmpty {
                    resyncs.removeFirst()
                    droppedResyncs += 1
                }
            } else if maxDepth > 0, depth >= maxDepth {
                if priority == .resync || resyncs.isEmpty {
                    if priority == .event { droppedEvents += 1 } else { droppedResyncs += 1 }
                    return
                }
                resyncs.removeFirst()
                droppedResyncs += 1
            }
            if priority == .event { events.append(key) } else { resyncs.append(key) }
        }

        mutating func take() -> Int? {
            let key: Int
            if !events.isEmpty { key = events.removeFirst() } else if !resyncs.isEmpty { key = resyncs.removeFirst() } else { return nil }
            processing.insert(key)
            return key
        }

        mutating func done(_ key: Int) {
            guard processing.remove(key) != nil else { return }
            if let priority = dirty.removeValue(forKey: key) { enqueue(key, priority, bypass: true) }
        }
    }

    @Test(arguments: [(UInt64(42), 0), (7, 4), (2024, 8), (99, 1), (123_456, 3)])
    func randomOperationsMatchTheModel(seed: UInt64, maxDepth: Int) async {
        var rng = SplitMix64(seed: seed, mix: .runtimeTestsLegacy)
        let clock = ManualClock()
        let queue = WorkQueue<Int>(configuration: .init(maxDepth: maxDepth), clock: clock)
        var model = Model(maxDepth: maxDepth)
        for step in 0..<3_000 {
            let roll = rng.next() % 100
            switch roll {
            case 0..<45:
                let key = Int(rng.next() % 12)
                let priority: QueuePriority = rng.next() % 2 == 0 ? .event : .resync
                queue.add(key, priority: priority)
                model.add(key, priority)
            case 45..<70:
                // Only call next() when the model says an item is available, so it never blocks.
                let expected = model.take()
                if expected != nil {
                    // Guard against a divergence turning into a hang: next() would wait forever.
                    let actual = queue.stats().depth > 0 ? await queue.next() : nil
                    #expect(actual == expected, "step \(step)")
                }
            case 70..<95:
                if let key = model.processing.randomElement(using: &rng) {
                    queue.done(key)
                    model.done(key)
                } else {
                    queue.done(99)   // unknown key: ignored
                }
            case 95..<97:
                queue.forget(Int(rng.next() % 12))
            default:
                clock.advance(by: .milliseconds(Int64(rng.next() % 5)))
            }
            let stats = queue.stats()
            #expect(stats.eventDepth == model.events.count, "step \(step)")
            #expect(stats.resyncDepth == model.resyncs.count, "step \(step)")
            #expect(stats.processing == model.processing.count, "step \(step)")
            #expect(stats.dirty == model.dirty.count, "step \(step)")
            #expect(stats.droppedEvents == model.droppedEvents, "step \(step)")
            #expect(stats.droppedResyncs == model.droppedResyncs, "step \(step)")
            #expect(stats.drops == model.droppedEvents + model.droppedResyncs, "step \(step)")
            #expect(stats.coalesced == model.coalesced, "step \(step)")
            #expect(stats.depth == model.depth, "step \(step)")
        }
        // Drain: finish everything in flight; the queue must hand out exactly the model's order.
        queue.shutDown(drain: true)
        model.shutDown = true
        for key in model.processing.sorted() {
            queue.done(key)
            model.done(key)
        }
        while let expected = model.take() {
            let actual = queue.stats().depth > 0 ? await queue.next() : nil
            #expect(actual == expected)
            if let actual {
                queue.done(actual)
                model.done(actual)
            }
        }
        #expect(await queue.next() == nil)
    }
}

