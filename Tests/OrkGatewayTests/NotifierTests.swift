import OrkAccess
import OrkAPI
import Foundation
import Logging
import NIOCore
import NIOPosix
import OrkKatalog
import OrkStats
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

/// `/notify`: throttled per (team, event), delivered to Slack and email off the request path,
/// retried, and every bad request answered with the reason.
struct NotifierTests {
    /// Records deliveries; fails the first `failures` attempts.
    final class RecordingChannel: NotificationChannel {
        let sent = Mutex<[(String, String, String)]>([])
        let failuresLeft: Mutex<Int>
        init(failures: Int = 0) { failuresLeft = Mutex(failures) }
        func send(_ text: String, subject: String, to recipient: String) async throws {
            if failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw DeliveryError("refused (test)") }
            sent.withLock { $0.append((recipient, subject, text)) }
        }
        var count: Int { sent.withLock { $0.count } }
    }

    static func settings(interval: KatalogDuration = .minutes(15), message: String? = nil) -> NotificationSettings {
        NotificationSettings(teams: [
            "platform": NotificationTeam(slackWebhookURL: "https://hooks.example/T/B/X", email: ["oncall@example.com"],
                                         interval: interval, message: message),
            "data": NotificationTeam(email: ["data@example.com"], interval: interval),
        ])
    }

    static var logger: Logger {
        var logger = Logger(label: "notify-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func throttledPerTeamAndEventAndRenderedWithTheTeamTemplate() async throws {
        let slack = RecordingChannel(), email = RecordingChannel()
        let notifier = Notifier(settings: Self.settings(message: "{{ .severity | upper }} {{ .object }}: {{ .message }}"),
                                slack: slack, email: email, retryDelays: [], logger: Self.logger)
        let task = Task { await notifier.run() }
        defer { task.cancel() }
        let event = NotificationEvent(event: "website/default/blog/Degraded", teams: ["platform", "data"], message: "3 failures",
                                      crd: "website", object: "default/blog", severity: "warning")
        #expect(notifier.submit(event) == .accepted(queued: ["platform", "data"], throttled: []))
        #expect(notifier.submit(event) == .accepted(queued: [], throttled: ["platform", "data"]), "same event within the interval")
        var other = event
        other.event = "website/default/shop/Degraded"
        #expect(notifier.submit(other) == .accepted(queued: ["platform", "data"], throttled: []), "another event is not throttled")
        #expect(notifier.submit(NotificationEvent(event: "x", teams: ["nobody"], message: "m")) == .unknownTeams(["nobody"]))
        #expect(try await eventually(timeout: .seconds(60)) { slack.count == 2 && email.count == 4 })
        let first = try #require(slack.sent.withLock { $0.first })
        #expect(first.0 == "https://hooks.example/T/B/X")
        #expect(first.2 == "WARNING default/blog: 3 failures")
        #expect(first.1.contains("website/default/blog/Degraded"))
        #expect(notifier.counters.sent == 6 && notifier.counters.throttled == 2)
    }

    @Test func failedDeliveriesAreRetriedThenCounted() async throws {
        let flaky = RecordingChannel(failures: 2), dead = RecordingChannel(failures: 100)
        let notifier = Notifier(settings: Self.settings(), slack: flaky, email: dead, retryDelays: [.milliseconds(10), .milliseconds(10)],
                                logger: Self.logger)
        let task = Task { await notifier.run() }
        defer { task.cancel() }
        _ = notifier.submit(NotificationEvent(event: "e", teams: ["platform"], message: "m"))
        #expect(try await eventually(timeout: .seconds(60)) { notifier.counters.sent == 1 && notifier.counters.failed == 1 })
        #expect(flaky.count == 1, "two failures, then the third attempt went through")
    }

    @Test func aFullQueueRefusesInsteadOfWaiting() {
        var limits = NotifyLimits()
        limits.queueDeliveries = 2
        let notifier = Notifier(settings: Self.settings(interval: KatalogDuration(milliseconds: 0)), slack: RecordingChannel(), email: RecordingChannel(),
                                limits: limits, logger: Self.logger)
        // Not running: nothing drains the queue. Each event for "platform" needs two slots (Slack and email).
        #expect(notifier.submit(NotificationEvent(event: "a", teams: ["platform"], message: "m")) == .accepted(queued: ["platform"], throttled: []))
        #expect(notifier.submit(NotificationEvent(event: "b", teams: ["platform"], message: "m")) == .queueFull)
        #expect(notifier.counters.dropped == 1)
    }

    @Test func notifyEndpointAnswers() async throws {
        let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/platform/katalog.yaml").katalog)
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), pod: PodIdentity(name: "gw", ip: "10.0.0.1"),
                              ownURL: "http://10.0.0.1:8080", peers: nil, fetcher: NoPeers())
        let notifier = Notifier(settings: katalog.notification, slack: RecordingChannel(), email: nil, logger: Self.logger)
        let authenticator = NotifyAuthenticator(reviewer: StaticTokenReviewer(token: "t0ken", username: "system:serviceaccount:ns:runtime"),
                                                allowedUsers: ["system:serviceaccount:ns:runtime"])
        let api = GatewayAPI(fleet: fleet, notifier: notifier, notifyAuthenticator: authenticator)
        func post(_ text: String) async -> GatewayAnswer {
            await api.respond(method: "POST", path: "/notify", query: "", body: Array(text.utf8), authorization: "Bearer t0ken")
        }
        #expect(await post(#"{"event": "e1", "teams": ["platform"], "message": "hello"}"#).status == 202)
        let unknown = await post(#"{"event": "e1", "teams": ["nope"], "message": "hello"}"#)
        #expect(unknown.status == 400 && unknown.body.contains("the Katalog declares: platform"))
        #expect(await post(#"{"teams": ["platform"], "message": "hello"}"#).status == 400)
        #expect(await post("not json").status == 400)
        #expect(await api.respond(method: "GET", path: "/notify", query: "").status == 405)
        let without = GatewayAPI(fleet: fleet)
        #expect(await without.respond(method: "POST", path: "/notify", query: "", body: Array("{}".utf8)).status == 404)
    }

    @Test func smtpDeliversThroughARelay() async throws {
        let server = try await FakeSMTPServer.start()
        defer { Task { await server.stop() } }
        let channel = SMTPChannel(host: "127.0.0.1", port: server.port, from: "gateway@example.com", username: "u", password: "p",
                                  timeout: .seconds(60))  // bounds a hang; a loaded machine is slow, not stuck
        try await channel.send("line one\n.starts with a dot", subject: "[orkestra] warning: e", to: "oncall@example.com")
        let session = await server.transcript()
        #expect(session.contains("MAIL FROM:<gateway@example.com>"))
        #expect(session.contains("RCPT TO:<oncall@example.com>"))
        #expect(session.contains("AUTH PLAIN \(Data("\u{0}u\u{0}p".utf8).base64EncodedString())"))
        #expect(session.contains("Subject: [orkestra] warning: e"))
        #expect(session.contains("\r\n..starts with a dot\r\n"), "dot-stuffed")
        // A relay that refuses the recipient: a clear error.
        let refusing = try await FakeSMTPServer.start(rcptReply: "550 no such user")
        defer { Task { await refusing.stop() } }
        let failing = SMTPChannel(host: "127.0.0.1", port: refusing.port, from: "g@example.com")
        await #expect(throws: DeliveryError.self) { try await failing.send("x", subject: "s", to: "nobody@example.com") }
    }
}
