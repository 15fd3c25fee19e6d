import OrkAPI
import Synchronization
import Testing
@testable import OrkRuntime

/// The runtime's notification outbox: at most one post per event per interval, retries after 1,
/// 2 and 4 s on a manual clock, no retry of what the gateway refused, throttled receipts counted,
/// a bounded queue, and `submit` never waiting for the gateway.
@Suite struct NotificationOutboxTests {
    final class FakePoster: NotificationPoster {
        enum Answer: Sendable { case accept, throttle, fail, refuse }
        private let state = Mutex<(answers: [Answer], posted: [NotificationEvent])>(([], []))

        init(_ answers: [Answer] = []) { state.withLock { $0.answers = answers } }

        var posted: [NotificationEvent] { state.withLock { $0.posted } }

        func post(_ event: NotificationEvent) async throws(NotifyPostError) -> NotifyReceipt {
            let answer = state.withLock { state -> Answer in
                state.posted.append(event)
                return state.answers.isEmpty ? .accept : state.answers.removeFirst()
            }
            switch answer {
            case .accept: return NotifyReceipt(queued: event.teams, throttled: [])
            case .throttle: return NotifyReceipt(queued: [], throttled: event.teams)
            case .fail: throw NotifyPostError(message: "connection refused", isPermanent: false)
            case .refuse: throw NotifyPostError(message: "400 unknown team", isPermanent: true)
            }
        }
    }

    static func event(_ name: String = "web/default/a/phase") -> NotificationEvent {
        NotificationEvent(event: name, teams: ["platform"], message: "m", crd: "web", object: "default/a")
    }

    /// Polls `condition` until it holds, for at most 120 s (a bound for failures, not a timing).
    static func waitFor(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return condition()
    }

    @Test func onePostPerEventPerInterval() async {
        let poster = FakePoster()
        let clock = ManualClock()
        let outbox = NotificationOutbox(poster: poster, clock: clock)
        let runner = Task { await outbox.run() }
        defer { runner.cancel() }
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 1 })
        for _ in 0..<5 { outbox.submit(Self.event(), interval: .seconds(60)) }
        clock.advance(by: .seconds(59))
        outbox.submit(Self.event(), interval: .seconds(60))
        outbox.submit(Self.event("web/default/b/phase"), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 2 })
        clock.advance(by: .seconds(2))
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 3 })
        #expect(poster.posted.map(\.event) == ["web/default/a/phase", "web/default/b/phase", "web/default/a/phase"])
    }

    @Test func transientFailuresAreRetriedAfterOneTwoAndFourSeconds() async {
        let poster = FakePoster([.fail, .fail, .fail, .fail])
        let clock = ManualClock()
        let outbox = NotificationOutbox(poster: poster, clock: clock)
        let runner = Task { await outbox.run() }
        defer { runner.cancel() }
        outbox.submit(Self.event(), interval: .seconds(60))
        for (attempts, delay) in [(1, 1), (2, 2), (3, 4)] {
            #expect(await Self.waitFor { poster.posted.count == attempts && clock.sleeperCount == 1 })
            clock.advance(by: .seconds(delay) - .milliseconds(1))
            #expect(poster.posted.count == attempts)
            clock.advance(by: .milliseconds(1))
        }
        #expect(await Self.waitFor { outbox.counts(crd: "web").failed == 1 && outbox.counts(crd: "web").pending == 0 })
        #expect(poster.posted.count == 4)
        // Firings within the failure backoff post nothing (another event goes through meanwhile)…
        outbox.submit(Self.event(), interval: .seconds(60))
        outbox.submit(Self.event("web/default/b/phase"), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 1 })
        #expect(poster.posted.map(\.event).suffix(1) == ["web/default/b/phase"])
        // …the first firing after it tries again, before the interval is over.
        clock.advance(by: NotificationOutbox.failureBackoff)
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 2 })
        #expect(poster.posted.count == 6)
    }

    @Test func aRefusalIsNotRetriedAndAThrottleIsRemembered() async {
        let poster = FakePoster([.refuse, .throttle])
        let clock = ManualClock()
        let outbox = NotificationOutbox(poster: poster, clock: clock)
        let runner = Task { await outbox.run() }
        defer { runner.cancel() }
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").failed == 1 && outbox.counts(crd: "web").pending == 0 })
        // Refused: not posted again within the interval, however often it fires.
        clock.advance(by: .seconds(59))
        for _ in 0..<3 { outbox.submit(Self.event(), interval: .seconds(60)) }
        #expect(outbox.counts(crd: "web").pending == 0)
        clock.advance(by: .seconds(1))
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").throttled == 1 })
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(outbox.counts(crd: "web").pending == 0)
        #expect(poster.posted.count == 2)
    }

    /// A poster that answers only when released: the first post stays in flight.
    final class HeldPoster: NotificationPoster {
        private let state = Mutex<(posts: Int, released: Bool)>((0, false))
        var posts: Int { state.withLock { $0.posts } }
        func release() { state.withLock { $0.released = true } }

        func post(_ event: NotificationEvent) async throws(NotifyPostError) -> NotifyReceipt {
            state.withLock { $0.posts += 1 }
            while !state.withLock({ $0.released }) { try? await Task.sleep(for: .milliseconds(1)) }
            return NotifyReceipt(queued: event.teams, throttled: [])
        }
    }

    @Test func aFiringWhileItsPostIsInFlightIsTheSameNotification() async {
        let poster = HeldPoster()
        let outbox = NotificationOutbox(poster: poster, clock: ManualClock())
        let runner = Task { await outbox.run() }
        defer { runner.cancel() }
        outbox.submit(Self.event(), interval: .seconds(60))
        #expect(await Self.waitFor { poster.posts == 1 })
        outbox.submit(Self.event(), interval: .seconds(60))
        poster.release()
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 1 })
        outbox.submit(Self.event("web/default/other/phase"), interval: .seconds(60))
        #expect(await Self.waitFor { outbox.counts(crd: "web").sent == 2 })
        #expect(poster.posts == 2)
    }

    @Test func aFullOutboxDropsAndCounts() {
        let outbox = NotificationOutbox(poster: FakePoster(), clock: ManualClock())
        let dropped = Mutex(0)
        // Nothing runs: submit returns at once however many wait.
        for index in 0..<(NotificationOutbox.capacity + 44) {
            outbox.submit(Self.event("web/default/\(index)/phase"), interval: .seconds(60)) { outcome in
                if outcome == .dropped { dropped.withLock { $0 += 1 } }
            }
        }
        #expect(dropped.withLock { $0 } == 44)
        #expect(outbox.counts(crd: "web").dropped == 44)
    }
}
