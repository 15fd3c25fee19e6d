import Testing
@testable import OrkHTTPServer

struct ConcurrencyLimiterTests {
    @Test func permitsUpToTheLimitThenRefusesAtOnce() {
        let limiter = ConcurrencyLimiter(limit: 3)
        #expect((0..<3).allSatisfy { _ in limiter.tryAcquire() })
        #expect(!limiter.tryAcquire())
        #expect(limiter.inFlight == 3 && limiter.refused == 1)
        limiter.release()
        #expect(limiter.tryAcquire())
        for _ in 0..<5 { limiter.release() }
        #expect(limiter.inFlight == 0, "extra releases never go below zero")
    }

    @Test func concurrentTasksNeverHoldMoreThanTheLimit() async {
        let limiter = ConcurrencyLimiter(limit: 4)
        let peak = PeakCounter()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await limiter.withPermit {
                        peak.record(limiter.inFlight)
                        await Task.yield()
                    } != nil
                }
            }
            var served = 0
            for await ok in group where ok { served += 1 }
            return served
        }
        #expect(peak.value <= 4)
        #expect(results + limiter.refused == 200)
        #expect(results >= 4 && limiter.inFlight == 0)
    }
}

import Synchronization

final class PeakCounter: Sendable {
    private let peak = Mutex(0)
    func record(_ value: Int) { peak.withLock { $0 = max($0, value) } }
    var value: Int { peak.withLock { $0 } }
}

struct ByteBudgetTests {
    @Test func reservationsFitTheCapacityOrFailAtOnce() {
        let budget = ByteBudget(capacity: 100)
        #expect(budget.tryReserve(60) && budget.tryReserve(40))
        #expect(!budget.tryReserve(1) && !budget.tryReserve(-1))
        budget.release(50)
        #expect(budget.inUse == 50 && budget.tryReserve(50))
        budget.release(1_000)
        #expect(budget.inUse == 0)
    }
}
