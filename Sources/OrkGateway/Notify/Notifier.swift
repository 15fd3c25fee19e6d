import Foundation
import Logging
import OrkCore
import Synchronization

/// Delivers `/notify` requests to the Katalog's teams (Slack incoming webhooks and email) without
/// ever slowing the caller: `submit` only checks and enqueues on a bounded queue (full ⇒ refused
/// and counted), `run` delivers. At most one message per (team, event) per the team's `interval`;
/// a failed delivery is retried (1 s, then 2 s) before it is counted as failed.
public final class Notifier: Sendable {
    /// Delivery counters for `/metrics`.
    public struct Counters: Sendable, Hashable {
        public var sent: UInt64 = 0
        public var failed: UInt64 = 0
        public var throttled: UInt64 = 0
        public var dropped: UInt64 = 0
    }

    struct Delivery: Sendable {
        var team: String
        var channel: String
        var recipient: String
        var subject: String
        var text: String
    }

    public enum Outcome: Sendable, Hashable {
        /// Queued for these teams; the others were throttled.
        case accepted(queued: [String], throttled: [String])
        case unknownTeams([String])
        case queueFull
    }

    let settings: NotificationSettings
    let slack: (any NotificationChannel)?
    let email: (any NotificationChannel)?
    let logger: Logger
    let retryDelays: [Duration]
    private let queue: AsyncStream<Delivery>
    private let input: AsyncStream<Delivery>.Continuation
    private let state = Mutex<(lastSent: [String: ContinuousClock.Instant], counters: Counters)>(([:], Counters()))
    private let templates = TemplateCache()

    public init(settings: NotificationSettings, slack: (any NotificationChannel)?, email: (any NotificationChannel)?,
                capacity: Int = 1_000, retryDelays: [Duration] = [.seconds(1), .seconds(2)], logger: Logger) {
        self.settings = settings
        self.slack = slack
        self.email = email
        self.logger = logger
        self.retryDelays = retryDelays
        (queue, input) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .bufferingOldest(max(1, capacity)))
    }

    public var counters: Counters { state.withLock { $0.counters } }

    /// Checks and enqueues; never waits for a delivery.
    public func submit(_ event: NotificationEvent) -> Outcome {
        let unknown = event.teams.filter { settings.teams[$0] == nil }
        guard unknown.isEmpty else { return .unknownTeams(unknown) }
        let now = ContinuousClock.now
        var queued: [String] = [], throttled: [String] = []
        for name in event.teams {
            guard let team = settings.teams[name] else { continue }
            let key = "\(name)\u{0}\(event.event)"
            let allowed = state.withLock { state -> Bool in
                if let last = state.lastSent[key], now - last < .milliseconds(team.interval.milliseconds) {
                    state.counters.throttled = state.counters.throttled.saturatingAdd(1)
                    return false
                }
                state.lastSent[key] = now
                return true
            }
            guard allowed else { throttled.append(name); continue }
            let text = render(team, event)
            let subject = "[orkestra] \(event.severity): \(event.event)"
            var deliveries: [Delivery] = []
            if let url = team.slackWebhookURL { deliveries.append(Delivery(team: name, channel: "slack", recipient: url, subject: subject, text: text)) }
            for address in team.email { deliveries.append(Delivery(team: name, channel: "email", recipient: address, subject: subject, text: text)) }
            for delivery in deliveries {
                if case .dropped = input.yield(delivery) {
                    state.withLock { $0.counters.dropped = $0.counters.dropped.saturatingAdd(1) }
                    return .queueFull
                }
            }
            queued.append(name)
        }
        return .accepted(queued: queued, throttled: throttled)
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
            for await delivery in queue { await deliver(delivery) }
        } onCancel: {
            input.finish()
        }
    }

    func deliver(_ delivery: Delivery) async {
        guard let channel = delivery.channel == "slack" ? slack : email else {
            logger.warning("team \(delivery.team): \(delivery.channel) is not configured (email needs SMTP_HOST)")
            state.withLock { $0.counters.failed = $0.counters.failed.saturatingAdd(1) }
            return
        }
        var attempt = 0
        while true {
            do {
                try await channel.send(delivery.text, subject: delivery.subject, to: delivery.recipient)
                state.withLock { $0.counters.sent = $0.counters.sent.saturatingAdd(1) }
                return
            } catch {
                guard attempt < retryDelays.count, !Task.isCancelled else {
                    logger.warning("team \(delivery.team): \(delivery.channel) delivery failed: \(error)")
                    state.withLock { $0.counters.failed = $0.counters.failed.saturatingAdd(1) }
                    return
                }
                try? await Task.sleep(for: retryDelays[attempt])
                attempt += 1
            }
        }
    }
}
