import Foundation
import OrkControlTUI
import Synchronization
import Testing

/// The error log of one poll round does not depend on the order in which concurrent answers
/// arrive (under load they arrive in any order; the golden "errors" view must not change).
@Suite struct ErrorLogOrderTests {
    static let first = "http://10.0.0.1:8080"
    static let second = "http://10.0.0.2:8080"

    /// Fails every URL; `late` answers only after every other URL has answered.
    final class OrderedFailures: HTTPFetcher {
        let late: String
        let others: Int
        private let answered = Mutex(0)

        init(late: String, others: Int) {
            self.late = late
            self.others = others
        }

        func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure> {
            if url.hasPrefix(late) {
                let deadline = ContinuousClock.now + .seconds(120)
                while answered.withLock({ $0 }) < others, ContinuousClock.now < deadline { await Task.yield() }
            } else {
                defer { answered.withLock { $0 += 1 } }
            }
            return .failure(.refused("connection refused"))
        }
    }

    static func errors(lateURL: String) async -> [ErrorRecord] {
        let clock = TestClock(Scenario.start)
        let poller = Poller(runtimeURLs: [first, second], gatewayURLs: [],
                            fetcher: OrderedFailures(late: lateURL, others: 1), options: PollOptions(), now: { clock.now })
        for round in 0..<3 {
            if round > 0 { clock.advance(5) }
            await poller.pollFleet()
        }
        return await poller.state.errors
    }

    @Test func sameLogWhicheverAnswerArrivesFirst() async {
        let secondLast = await Self.errors(lateURL: Self.second)
        let firstLast = await Self.errors(lateURL: Self.first)
        #expect(secondLast.count == 6)
        #expect(firstLast == secondLast)
        #expect(firstLast.map(\.url) == [Self.first, Self.second, Self.first, Self.second, Self.first, Self.second])
    }
}
