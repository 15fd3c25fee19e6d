import Testing
@testable import OrkRuntime

/// Leadership terms: losing the Lease ends the term (and so cancels the work run beside it);
/// shutdown does not.
@Suite struct LeadershipGateTests {
    @Test func losingLeadershipEndsTheTermAndCancelsItsWork() async {
        let gate = LeadershipGate()
        gate.setLeading(true)
        guard let term = await gate.waitUntilLeading() else {
            Issue.record("no term while leading")
            return
        }
        let cancelled = Flag()
        let started = AsyncStream<Void>.makeStream()
        let run = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // An in-flight reconcile: runs until cancelled.
                    started.continuation.yield()
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
                    cancelled.set()
                }
                group.addTask { await gate.waitUntilEnded(term: term) }
                await group.next()
                group.cancelAll()
            }
        }
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        gate.setLeading(false)
        await run.value
        #expect(cancelled.isSet)
        #expect(gate.currentTerm == nil)
        gate.setLeading(true)
        #expect(await gate.waitUntilLeading() == term + 1)
    }

    @Test func closingStopsNewTermsButNotTheCurrentOne() async {
        let gate = LeadershipGate()
        gate.setLeading(true)
        let term = await gate.waitUntilLeading()
        gate.close()
        #expect(await gate.waitUntilLeading() == nil)
        // The term in progress goes on: `waitUntilEnded` would only return on loss or cancellation.
        let ended = Task { await gate.waitUntilEnded(term: term ?? 0) }
        gate.setLeading(false)
        await ended.value
        #expect(!gate.isLeading)
    }

    @Test func anEndedTermIsOverAtOnce() async {
        let gate = LeadershipGate()
        gate.setLeading(true)
        gate.setLeading(false)
        gate.setLeading(true)
        await gate.waitUntilEnded(term: 1)  // term 2 leads now: term 1 is over
        #expect(gate.currentTerm == 2)
    }
}
