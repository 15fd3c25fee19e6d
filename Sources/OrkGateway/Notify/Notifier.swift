import OrkAccess
import OrkAPI
import FoundationEssentials
import Logging
import OrkKatalog
import OrkStats
import OrkTemplate
import Synchronization

/// Delivers `/notify` requests to the Katalog's teams (Slack incoming webhooks and email) without
/// ever slowing the caller: `submit` only checks and enqueues (full ⇒ refused and counted), `run`
/// delivers. At most one message per (team, event) per the team's `interval`; a failed delivery is
/// retried (1 s, then 2 s) before it is counted as failed.
///
/// Bounded in every dimension a caller controls (`NotifyLimits`): the (team, event) pairs remembered
/// for throttling are an LRU with a size cap (a forgotten pair may notify again before its interval:
/// counted as `evicted`), the rendered text has a byte cap, and the queue has a count and a byte budget.
public final class Notifier: Sendable {
    /// Delivery counters for `/metrics`.
    public struct Counters: Sendable, Hashable {
        public var sent: UInt64 = 0
        public var failed: UInt64 = 0
        public var throttled: UInt64 = 0
        /// Refused with 429: the queue's count or byte budget was spent.
        public var dropped: UInt64 = 0
        /// Throttling entries forgotten to stay within the cap.
        public var evicted: UInt64 = 0
    }

    struct Delivery: Sendable {
        enum Channel: String, Sendable { case slack, email }
        var team: String
        var channel: Channel
        var recipient: SecretValue
        var subject: String
        var text: String

        /// What the delivery holds in memory, for the queue's byte budget.
        var bytes: Int {
            let recipientBytes: Int
            switch recipient {
            case .plain(let text), .env(let text): recipientBytes = text.utf8.count
            case .secretKeyRef(let name, let key): recipientBytes = name.utf8.count + key.utf8.count
            }
            return subject.utf8.count + text.utf8.count + recipientBytes + team.utf8.count
        }
    }

    public enum Outcome: Sendable, Hashable {
        /// Queued for these teams; the others were throttled.
        case accepted(queued: [String], throttled: [String])
        case unknownTeams([String])
        /// The rendered text of a team is over `NotifyLimits.messageBytes`.
        case tooLarge(String)
        /// The queue's count or byte budget is spent; retry after `NotifyLimits.retryAfterSeconds`.
        case queueFull
    }

    struct State: Sendable {
        var lastSent: LRUCache<String, Duration>
        var counters = Counters()
        var queuedDeliveries = 0
        var queuedBytes = 0
    }

    let settings: NotificationSettings
    let slack: (any NotificationChannel)?
    let email: (any NotificationChannel)?
    let resolver: SecretResolver
    let limits: NotifyLimits
    let clock: any MonotonicClock
    let logger: Logger
    let retryDelays: [Duration]
    /// `/metrics` series of the outcomes, recorded with the counters.
    let metrics: NotifierMetrics?
    private let queue: AsyncStream<Delivery>
    private let input: AsyncStream<Delivery>.Continuation
    private let state: Mutex<State>
    private let templates = TemplateCache()

    public init(settings: NotificationSettings, slack: (any NotificationChannel)?, email: (any NotificationChannel)?,
                resolver: SecretResolver = SecretResolver(client: nil, namespace: "default", environment: [:]),
                limits: NotifyLimits = NotifyLimits(), clock: any MonotonicClock = ContinuousMonotonicClock(),
                retryDelays: [Duration] = [.seconds(1), .seconds(2)], metrics: NotifierMetrics? = nil, logger: Logger) {
        self.settings = settings
        self.slack = slack
        self.email = email
        self.resolver = resolver
        self.limits = limits
        self.clock = clock
        self.logger = logger
        self.retryDelays = retryDelays
        self.metrics = metrics
        self.state = Mutex(State(lastSent: LRUCache(capacity: limits.throttleEntries)))
        // Unbounded here because `submit` admits a delivery only within the count and byte budget.
        (queue, input) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
    }

    public var counters: Counters { state.withLock { $0.counters } }

    /// (team, event) pairs remembered for throttling (at most `limits.throttleEntries`).
    public var throttleEntries: Int { state.withLock { $0.lastSent.count } }

    /// Deliveries waiting or being sent, and their bytes.
    public var queued: (deliveries: Int, bytes: Int) { state.withLock { ($0.queuedDeliveries, $0.queuedBytes) } }

    /// Checks and enqueues; never waits for a delivery. Either every delivery of the request is
    /// queued (and its teams marked sent) or none is.
    public func submit(_ event: NotificationEvent) -> Outcome {
        let unknown = event.teams.filter { settings.teams[$0] == nil }
        guard unknown.isEmpty else { return .unknownTeams(unknown) }
        let now = clock.now()
        func key(_ team: String) -> String { "\(team)\u{0}\(event.event)" }
        func throttled(_ state: inout State, _ name: String, _ team: NotificationTeam) -> Bool {
            guard let last = state.lastSent.value(for: key(name)) else { return false }
            return now - last < .milliseconds(team.interval.milliseconds)
        }
        // Render outside the lock, only for the teams not throttled now.
        let candidates = state.withLock { state in
            event.teams.filter { name in settings.teams[name].map { !throttled(&state, name, $0) } ?? false }
        }
        var deliveries: [Delivery] = []
        let subject = SMTPMessage.headerValue("[orkestra] \(event.severity): \(event.event)")
        for name in candidates {
            guard let team = settings.teams[name] else { continue }
            let text = render(team, event)
            guard text.utf8.count <= limits.messageBytes else {
                return .tooLarge("team \(name)'s message renders to \(text.utf8.count) bytes; at most \(limits.messageBytes) are sent")
            }
            if let url = team.slackWebhookURL {
                deliveries.append(Delivery(team: name, channel: .slack, recipient: url, subject: subject, text: text))
            }
            for address in team.email {
                deliveries.append(Delivery(team: name, channel: .email, recipient: .plain(address), subject: subject, text: text))
            }
        }
        let bytes = deliveries.reduce(0) { $0 + $1.bytes }
        let outcome: Outcome = state.withLock { state in
            var queued: [String] = [], skipped: [String] = []
            for name in event.teams {
                // Checked again: another request may have sent for this pair since.
                guard let team = settings.teams[name], candidates.contains(name), !throttled(&state, name, team) else {
                    skipped.append(name)
                    continue
                }
                queued.append(name)
            }
            let admitted = deliveries.filter { queued.contains($0.team) }
            let admittedBytes = admitted.count == deliveries.count ? bytes : admitted.reduce(0) { $0 + $1.bytes }
            guard state.queuedDeliveries + admitted.count <= limits.queueDeliveries,
                  state.queuedBytes + admittedBytes <= limits.queueBytes else {
                state.counters.dropped = state.counters.dropped.saturatingAdd(1)
                metrics?.dropped.increment()
                return .queueFull
            }
            for name in queued where state.lastSent.set(now, for: key(name)) != nil {
                state.counters.evicted = state.counters.evicted.saturatingAdd(1)
                metrics?.evicted.increment()
            }
            state.counters.throttled = state.counters.throttled.saturatingAdd(UInt64(skipped.count))
            metrics?.throttled.add(skipped.count)
            state.queuedDeliveries += admitted.count
            state.queuedBytes += admittedBytes
            for delivery in admitted { input.yield(delivery) }
            return .accepted(queued: queued, throttled: skipped)
        }
        return outcome
    }

    /// The team's `message` template over the event, else the event's message.
    func render(_ team: NotificationTeam, _ event: NotificationEvent) -> String {
        guard let source = team.message else { return event.message }
        do {
            let value = try templates.evaluate(source, data: event.document)
            return value.stringValue ?? value.serialized()
        } catch {
            logger.warning("team message template failed; sending the event's own message", metadata: ["error": "\(error)"])
            return event.message
        }
    }

    /// Delivers queued messages until cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            for await delivery in queue {
                await deliver(delivery)
                // Counted until delivered: the one being sent holds its memory too.
                state.withLock {
                    $0.queuedDeliveries -= 1
                    $0.queuedBytes -= delivery.bytes
                }
            }
        } onCancel: {
            input.finish()
        }
    }

    func deliver(_ delivery: Delivery) async {
        guard let channel = delivery.channel == .slack ? slack : email else {
            logger.warning("team \(delivery.team): \(delivery.channel.rawValue) is not configured (email needs spec.notification.smtp or SMTP_HOST)")
            countFailure()
            return
        }
        let recipient: String
        do {
            recipient = try await resolver.resolve(delivery.recipient)
        } catch {
            logger.warning("team \(delivery.team): \(delivery.channel.rawValue) recipient (\(delivery.recipient)) unavailable: \(error)")
            countFailure()
            return
        }
        var attempt = 0
        while true {
            do {
                try await channel.send(delivery.text, subject: delivery.subject, to: recipient)
                state.withLock { $0.counters.sent = $0.counters.sent.saturatingAdd(1) }
                metrics?.sent.increment()
                return
            } catch {
                guard attempt < retryDelays.count, !Task.isCancelled else {
                    logger.warning("team \(delivery.team): \(delivery.channel.rawValue) delivery failed: \(error)")
                    countFailure()
                    return
                }
                try? await Task.sleep(for: retryDelays[attempt])
                attempt += 1
            }
        }
    }

    func countFailure() {
        state.withLock { $0.counters.failed = $0.counters.failed.saturatingAdd(1) }
        metrics?.failed.increment()
    }
}
