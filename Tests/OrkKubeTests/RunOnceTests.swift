import Synchronization
import Testing
@testable import OrkKube

@Suite struct RunOnceTests {
    @Test func beginsOnceAndNeverAgainAfterItEnds() {
        var lifecycle = RunOnce()
        #expect(lifecycle.phase == .idle && !lifecycle.hasEnded)
        let first = lifecycle.begin()
        let second = lifecycle.begin()
        #expect(first && !second, "a second run returns at once")
        lifecycle.finish()
        let afterEnd = lifecycle.begin()
        #expect(lifecycle.hasEnded && !afterEnd)
    }

    @Test func startSpawnsOneTaskOnly() async {
        let runs = Mutex(0)
        var lifecycle = RunOnce()
        lifecycle.start { runs.withLock { $0 += 1 } }
        let first = lifecycle.task
        lifecycle.start { runs.withLock { $0 += 100 } }
        #expect(lifecycle.task == first)
        await lifecycle.task?.value
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func aFinishedRunCannotBeStarted() {
        var lifecycle = RunOnce()
        let began = lifecycle.begin()
        lifecycle.finish()
        lifecycle.start {}
        #expect(began)
        #expect(lifecycle.task == nil)
    }
}
