import TestRandom
import OrkRuntime
import Synchronization
import Testing

/// Many workers and producers on the real clock: invariants only, no timing assertions.
@Suite struct WorkQueueConcurrencyTests {
    final class Ledger: Sendable {
        struct State {
            var version: [Int: Int] = [:]       // bumped before every add
            var seen: [Int: Int] = [:]          // version observed when processing started
            var adds: [Int: Int] = [:]
            var processed: [Int: Int] = [:]
            var active: Set<Int> = []
            var overlaps = 0
        }
        let state = Mutex(State())
    }

    final class Locked<Value: Sendable>: Sendable {
        let state: Mutex<Value>
        init(_ value: Value) { state = Mutex(value) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func workersNeverShareAKeyAndNothingIsLost(seed: UInt64) async {
        let queue = WorkQueue<Int>()
        let ledger = Ledger()
        let producers = 4
        let addsPerProducer = 1_500
        let workers = 8
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            for w in 0..<workers {
                group.addTask {
                    var rng = SplitMix64(seed: seed &* 1_000 &+ UInt64(w), mix: .runtimeTestsLegacy)
                    while let key = await queue.next() {
                        ledger.state.withLock { state in
                            if !state.active.insert(key).inserted { state.overlaps += 1 }
                            state.seen[key] = state.version[key] ?? 0
                            state.processed[key, default: 0] += 1
                        }
                        if rng.next() % 4 == 0 { await Task.yield() }
                        ledger.state.withLock { _ = $0.active.remove(key) }
                        queue.done(key)
                    }
                }
            }
            await withTaskGroup(of: Void.self) { producersGroup in
                for p in 0..<producers {
                    producersGroup.addTask {
                        var rng = SplitMix64(seed: seed &* 7_919 &+ UInt64(p), mix: .runtimeTestsLegacy)
                        for _ in 0..<addsPerProducer {
                            let key = Int(rng.next() % 200)
                            let priority: QueuePriority = rng.next() % 3 == 0 ? .resync : .event
                            ledger.state.withLock { state in
                                state.version[key, default: 0] += 1
                                state.adds[key, default: 0] += 1
                            }
                            queue.add(key, priority: priority)
                            if rng.next() % 16 == 0 { await Task.yield() }
                        }
                    }
                }
            }
            queue.shutDown(drain: true)
        }
        let state = ledger.state.withLock { $0 }
        let stats = queue.stats()
        #expect(state.overlaps == 0)
        #expect(state.active.isEmpty)
        #expect(stats.depth == 0)
        #expect(stats.processing == 0)
        #expect(stats.dirty == 0)
        #expect(stats.drops == 0)
        #expect(stats.adds == UInt64(producers * addsPerProducer))
        for (key, version) in state.version {
            // The last add of every key was observed by a processing that started after it.
            #expect(state.seen[key] == version, "key \(key)")
            let processed = state.processed[key] ?? 0
            #expect(processed >= 1 && processed <= (state.adds[key] ?? 0), "key \(key)")
        }
        #expect(stats.waitTime.count == stats.processingTime.count)
    }

    @Test func cancelledWorkersNeverLoseItems() async {
        let queue = WorkQueue<Int>()
        let handled = Mutex<Set<Int>>([])
        // Waiters cancelled at random moments while items arrive.
        for round in 0..<200 {
            let waiter = Task { await queue.next() }
            if round % 2 == 0 { await Task.yield() }
            queue.add(round)
            waiter.cancel()
            if let key = await waiter.value {
                handled.withLock { _ = $0.insert(key) }
                queue.done(key)
            }
        }
        queue.shutDown(drain: true)
        while let key = await queue.next() {
            handled.withLock { _ = $0.insert(key) }
            queue.done(key)
        }
        #expect(handled.withLock { $0 } == Set(0..<200))
        #expect(queue.stats().processing == 0)
    }

    @Test func concurrentRetriesAllArriveWithTinyBackoff() async {
        let queue = WorkQueue<Int>(configuration: .init(backoff: .init(base: .microseconds(10), cap: .milliseconds(1))))
        let box = Locked<[Int: Int]>([:])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            for _ in 0..<4 {
                group.addTask {
                    while let key = await queue.next() {
                        let count = box.state.withLock { state -> Int in
                            state[key, default: 0] += 1
                            return state[key, default: 0]
                        }
                        if count < 5 {
                            queue.addRateLimited(key)
                        } else {
                            queue.forget(key)
                            if box.state.withLock({ $0.count == 100 && $0.values.allSatisfy { $0 >= 5 } }) {
                                queue.shutDown(drain: true)
                            }
                        }
                        queue.done(key)
                    }
                }
            }
            for key in 0..<100 { queue.add(key) }
        }
        let final = box.state.withLock { $0 }
        #expect(final.count == 100)
        #expect(final.values.allSatisfy { $0 == 5 })
        #expect(queue.stats().retries == 400)
    }
}
