import OrkAPI
import Synchronization

/// Notifications the reconcilers raise (status fields with `notify:`), delivered to the gateway's
/// `/notify` by one background task: `submit` never waits, so a slow or absent gateway delays no
/// reconcile. Each event is posted at most once per `interval` (the shortest of its teams'; the
/// gateway throttles per team again, across replicas and restarts); a failed post is retried after
/// 1, 2 and 4 s, then counted as failed. The event is posted again when its field fires after
/// `failureBackoff` (the gateway was unreachable or answered 5xx) or after its `interval` (the
/// gateway refused the notification itself), never at every reconcile. At most `capacity` events
/// wait; more are dropped and counted.
final class NotificationOutbox: Sendable {
    /// What became of one notification.
    enum Outcome: String, Sendable, Hashable, CaseIterable {
        case sent, throttled, failed, dropped
    }

    struct Counts: Sendable, Hashable {
        var sent = 0
        var throttled = 0
        var failed = 0
        var dropped = 0
        /// Waiting or being posted now.
        var pending = 0
    }

    static let capacity = 256
    /// Remembered posting times: beyond this, the oldest are forgotten (the gateway still throttles).
    static let rememberedEvents = 4_096
    static let retryDelays: [Duration] = [.seconds(1), .seconds(2), .seconds(4)]
    /// After a post failed for a reason that may pass, the event waits this long (or its interval, if shorter).
    static let failureBackoff: Duration = .seconds(30)

    private struct Pending: Sendable {
        var event: NotificationEvent
        var interval: Duration
        var record: @Sendable (Outcome) -> Void
    }

    private struct State {
        var pending: [Pending] = []
        /// The event being posted now (a firing meanwhile is the same notification), and its CRD.
        var inFlight: (event: String, crd: String)?
        /// When each event may be posted again.
        var nextAllowed: [String: Duration] = [:]
        var counts: [String: Counts] = [:]
        var waiter: CheckedContinuation<Void, Never>?
        var stopped = false
    }

    let poster: any NotificationPoster
    let clock: any QueueClock
    private let state = Mutex(State())

    init(poster: any NotificationPoster, clock: any QueueClock = ContinuousQueueClock()) {
        self.poster = poster
        self.clock = clock
    }

    /// Queues `event` unless it was posted less than `interval` ago or is already waiting;
    /// `record` learns what became of it.
    func submit(_ event: NotificationEvent, interval: Duration, record: @escaping @Sendable (Outcome) -> Void = { _ in }) {
        let now = clock.now()
        var dropped = false
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let next = state.nextAllowed[event.event], now < next { return nil }
            if state.inFlight?.event == event.event || state.pending.contains(where: { $0.event.event == event.event }) { return nil }
            guard state.pending.count < Self.capacity else {
                state.counts[event.crd ?? "", default: Counts()].dropped += 1
                dropped = true
                return nil
            }
            state.pending.append(Pending(event: event, interval: interval, record: record))
            defer { state.waiter = nil }
            return state.waiter
        }
        if dropped { record(.dropped) }
        waiter?.resume()
    }

    /// What was delivered for one CRD.
    func counts(crd: String) -> Counts {
        state.withLock { state in
            var counts = state.counts[crd] ?? Counts()
            counts.pending = state.pending.count(where: { ($0.event.crd ?? "") == crd }) + (state.inFlight?.crd == crd ? 1 : 0)
            return counts
        }
    }

    /// Delivers until cancelled.
    func run() async {
        while !Task.isCancelled {
            guard let next = await nextPending() else { return }
            let (result, permanent) = await deliver(next.event)
            let now = clock.now()
            next.record(result)
            state.withLock { state in
                state.inFlight = nil
                var counts = state.counts[next.event.crd ?? "", default: Counts()]
                switch result {
                case .sent: counts.sent += 1
                case .throttled: counts.throttled += 1
                case .failed: counts.failed += 1
                case .dropped: counts.dropped += 1
                }
                state.counts[next.event.crd ?? ""] = counts
                let wait = result == .failed && !permanent ? min(next.interval, Self.failureBackoff) : next.interval
                state.nextAllowed[next.event.event] = now + wait
                if state.nextAllowed.count > Self.rememberedEvents,
                   let soonest = state.nextAllowed.min(by: { $0.value < $1.value })?.key {
                    state.nextAllowed.removeValue(forKey: soonest)
                }
            }
        }
    }

    /// What became of the post, and whether a failure was the gateway refusing the notification itself.
    private func deliver(_ event: NotificationEvent) async -> (Outcome, permanent: Bool) {
        var attempt = 0
        while true {
            do {
                let receipt = try await poster.post(event)
                return (receipt.queued.isEmpty && !receipt.throttled.isEmpty ? .throttled : .sent, false)
            } catch {
                guard !error.isPermanent, attempt < Self.retryDelays.count else { return (.failed, error.isPermanent) }
                do {
                    try await clock.sleep(until: clock.now() + Self.retryDelays[attempt])
                } catch {
                    return (.failed, false)
                }
                attempt += 1
            }
        }
    }

    /// The next event, waiting for one; nil once cancelled.
    private func nextPending() async -> Pending? {
        while !Task.isCancelled {
            let next = state.withLock { state -> Pending? in
                guard !state.pending.isEmpty else { return nil }
                let next = state.pending.removeFirst()
                state.inFlight = (next.event.event, next.event.crd ?? "")
                return next
            }
            if let next { return next }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.pending.isEmpty || state.stopped { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    state.stopped = true
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
        return nil
    }
}
