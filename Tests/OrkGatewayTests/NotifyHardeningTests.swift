import OrkAccess
import OrkAPI
import Foundation
import Logging
import OrkKatalog
import OrkStats
import OrkValue
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

/// `/notify` cannot be used to smuggle SMTP commands or Slack mentions, and no sequence of
/// requests grows the gateway's memory without bound.
struct NotifyHardeningTests {
    static var logger: Logger {
        var logger = Logger(label: "notify-hardening-test")
        logger.logLevel = .critical
        return logger
    }

    /// Every CR/LF form a message or subject may carry.
    static let smugglingInputs = [
        "x\r\r\n.\r\r\nMAIL FROM:<a@b>",
        "x\r\n.\r\nMAIL FROM:<a@b>",
        "x\n.\nMAIL FROM:<a@b>",
        "x\r.\rMAIL FROM:<a@b>",
        "x\n\r.\n\rMAIL FROM:<a@b>",
        "x\r\n\r\n.\r\n\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nevil\r\n.\r\n",
        "x\u{2028}.\u{2029}MAIL FROM:<a@b>",
    ]

    // MARK: SMTP

    @Test func linesSplitAtEveryLineEndFormOnBytes() {
        #expect(SMTPMessage.lines("x\r\r\n.\r\r\nMAIL FROM:<a@b>") == ["x", "", ".", "", "MAIL FROM:<a@b>"].map { Array($0.utf8) })
        #expect(SMTPMessage.lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"].map { Array($0.utf8) })
        #expect(SMTPMessage.lines("a\n") == [Array("a".utf8)], "a trailing line end adds no empty line")
        #expect(SMTPMessage.lines("") == [[]])
        #expect(SMTPMessage.lines("a\n\nb") == ["a", "", "b"].map { Array($0.utf8) })
        for input in Self.smugglingInputs {
            for line in SMTPMessage.lines(input) {
                #expect(!line.contains(0x0D) && !line.contains(0x0A), "\(input.debugDescription)")
            }
        }
    }

    @Test func dataIsDotStuffedAndEndsOnce() throws {
        for input in Self.smugglingInputs {
            let message = try SMTPMessage(from: "g@example.com", to: "o@example.com", subject: "s", text: input)
            let data = message.data
            // The terminator "\r\n.\r\n" appears exactly once: at the very end.
            let terminator = Array("\r\n.\r\n".utf8)
            var hits = 0
            for start in 0...(data.count - terminator.count) where Array(data[start..<(start + terminator.count)]) == terminator { hits += 1 }
            #expect(hits == 1, "\(input.debugDescription)")
            #expect(Array(data.suffix(terminator.count)) == terminator)
            // No bare CR or LF anywhere.
            for (index, byte) in data.enumerated() {
                if byte == 0x0D { #expect(index + 1 < data.count && data[index + 1] == 0x0A) }
                if byte == 0x0A { #expect(index > 0 && data[index - 1] == 0x0D) }
            }
        }
        let long = try SMTPMessage(from: "g@example.com", to: "o@example.com", subject: "s", text: String(repeating: "é", count: 1_000))
        #expect(long.lines.allSatisfy { $0.count <= 998 } && long.lines.count == 3, "2000 bytes of é: three lines, never split inside a scalar")
        #expect(long.lines.allSatisfy { String(validating: $0, as: UTF8.self) != nil })
    }

    @Test func headersCannotBeInjected() throws {
        let subject = SMTPMessage.headerValue("[orkestra] warning: a\r\nBcc: evil@example.com\r\n\r\nbody\u{0}")
        #expect(subject == "[orkestra] warning: a Bcc: evil@example.com body")
        #expect(throws: DeliveryError.self) { try SMTPMessage(from: "g@example.com", to: "o@example.com>\r\nRCPT TO:<evil@example.com", subject: "s", text: "t") }
        #expect(throws: DeliveryError.self) { try SMTPMessage(from: "g@example.com\n", to: "o@example.com", subject: "s", text: "t") }
        #expect(throws: DeliveryError.self) { try SMTPMessage(from: "", to: "o@example.com", subject: "s", text: "t") }
    }

    @Test func smugglingProducesExactlyOneMessagePerSendOnARelay() async throws {
        let server = try await FakeSMTPServer.start()
        defer { Task { await server.stop() } }
        let channel = SMTPChannel(host: "127.0.0.1", port: server.port, from: "gateway@example.com", timeout: .seconds(60))
        for (index, input) in Self.smugglingInputs.enumerated() {
            try await channel.send(input, subject: "[orkestra] warning: e\r\nBcc: evil@example.com\r.\n" + input, to: "oncall@example.com")
            let messages = await server.messages
            #expect(messages.count == index + 1, "\(input.debugDescription): one message per send")
            let last = try #require(messages.last)
            let headerEnd = try #require(last.firstIndex(of: ""))
            let headers = last[..<headerEnd]
            #expect(headers.filter { $0.hasPrefix("Subject:") }.count == 1)
            #expect(!headers.contains { $0.hasPrefix("Bcc:") }, "the Subject is one line: no header of its own")
            #expect(!last[headerEnd...].contains("."), "no body line is a lone dot: \(input.debugDescription)")
            if input.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
                #expect(last[headerEnd...].contains(".."), "the dot line is stuffed, so it does not end DATA: \(input.debugDescription)")
            }
        }
        let commands = await server.commands
        #expect(commands.filter { $0.hasPrefix("MAIL FROM:") } == Array(repeating: "MAIL FROM:<gateway@example.com>", count: Self.smugglingInputs.count),
                "no smuggled MAIL FROM reached the relay as a command")
        #expect(!commands.contains { $0.hasPrefix("RCPT TO:<c@d>") || $0 == "evil" })
        // An address that would end the command line is refused before anything is sent.
        // The last session's QUIT may reach the relay after send returned: count from there.
        #expect(try await eventually { await server.commands.last == "QUIT" })
        let before = await server.commands.count
        await #expect(throws: DeliveryError.self) {
            try await channel.send("t", subject: "s", to: "o@example.com>\r\nRCPT TO:<evil@example.com")
        }
        #expect(await server.commands.count == before)
    }

    // MARK: Slack

    @Test func slackTextIsEscaped() {
        #expect(SlackText.escaped("<!channel> ping <@U123> & <https://evil.example|click>")
                == "&lt;!channel&gt; ping &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;")
        #expect(SlackText.escaped("&amp;") == "&amp;amp;", "already-escaped text is escaped again: it is shown as written")
        #expect(SlackText.escaped("plain *bold* text") == "plain *bold* text")
    }

    // MARK: Bounds

    static func api(limits: NotifyLimits) throws -> (GatewayAPI, Notifier) {
        let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/platform/katalog.yaml").katalog)
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), pod: PodIdentity(name: "gw", ip: "10.0.0.1"),
                              ownURL: "http://10.0.0.1:8080", peers: nil, fetcher: NoPeers())
        let settings = NotificationSettings(teams: [
            "platform": NotificationTeam(slackWebhookURL: "https://hooks.example/T/B/X", email: ["oncall@example.com"]),
        ])
        let notifier = Notifier(settings: settings, slack: CountingChannel(), email: CountingChannel(), limits: limits, retryDelays: [],
                                logger: Self.logger)
        let authenticator = NotifyAuthenticator(reviewer: StaticTokenReviewer(token: "t0ken", username: "system:serviceaccount:ns:runtime"),
                                                allowedUsers: ["system:serviceaccount:ns:runtime"])
        return (GatewayAPI(fleet: fleet, notifier: notifier, notifyAuthenticator: authenticator), notifier)
    }

    static func body(event: String, message: String, teams: [String] = ["platform"]) -> [UInt8] {
        let value: JSONValue = ["event": .string(event), "teams": .array(teams.map(JSONValue.string)), "message": .string(message)]
        return Array(value.serialized().utf8)
    }

    @Test func fieldsOverTheirCapsAreRefused() async throws {
        let (api, notifier) = try Self.api(limits: NotifyLimits())
        func post(_ body: [UInt8]) async -> GatewayAnswer {
            await api.respond(method: "POST", path: "/notify", query: "", body: body, authorization: "Bearer t0ken")
        }
        #expect(await post(Self.body(event: String(repeating: "e", count: 128), message: "m")).status == 202)
        let longEvent = await post(Self.body(event: String(repeating: "e", count: 129), message: "m"))
        #expect(longEvent.status == 413 && longEvent.body.contains("\\\"event\\\" is 129 bytes"), "\(longEvent.body)")
        #expect(await post(Self.body(event: "m", message: String(repeating: "m", count: 4 << 10))).status == 202)
        #expect(await post(Self.body(event: "m2", message: String(repeating: "m", count: (4 << 10) + 1))).status == 413)
        #expect(await post(Self.body(event: "t", message: "m", teams: [String(repeating: "t", count: 64)])).status == 413)
        #expect(await post(Self.body(event: "t", message: "m", teams: Array(repeating: "platform", count: 17))).status == 413)
        let object: JSONValue = ["event": "o", "teams": ["platform"], "message": "m", "object": .string(String(repeating: "o", count: 400))]
        #expect(await post(Array(object.serialized().utf8)).status == 413)
        let wrongType: JSONValue = ["event": "o", "teams": ["platform"], "message": "m", "crd": 3]
        #expect(await post(Array(wrongType.serialized().utf8)).status == 400)
        // A team template that renders past the cap.
        let templated = Notifier(settings: NotificationSettings(teams: ["t": NotificationTeam(email: ["a@example.com"],
                                 message: "{{ .message }}{{ .message }}")]), slack: nil, email: CountingChannel(), logger: Self.logger)
        #expect(templated.submit(NotificationEvent(event: "e", teams: ["t"], message: String(repeating: "x", count: 3 << 10)))
                == .tooLarge("team t's message renders to 6144 bytes; at most 4096 are sent"))
        #expect(notifier.counters.dropped == 0)
    }

    @Test func uniqueEventsAndHugeMessagesKeepMemoryBoundedAndOverflowGets429() async throws {
        var limits = NotifyLimits()
        limits.throttleEntries = 512
        let (api, notifier) = try Self.api(limits: limits)
        func post(_ body: [UInt8]) async -> GatewayAnswer {
            await api.respond(method: "POST", path: "/notify", query: "", body: body, authorization: "Bearer t0ken")
        }
        let start = try #require(residentBytes())
        var statuses: [Int: Int] = [:]
        var retryAfter: Set<Int?> = []
        let huge = Array(String(repeating: "m", count: 512 << 10).utf8)
        let small = String(repeating: "s", count: 4_000)
        // Nothing delivers yet: the queue fills, then overflows.
        for index in 0..<2_000 {
            let big = await post(Array(#"{"event": "huge-\#(index)", "teams": ["platform"], "message": ""#.utf8) + huge + Array(#""}"#.utf8))
            statuses[big.status, default: 0] += 1
            let answer = await post(Self.body(event: "small-\(index)", message: small))
            statuses[answer.status, default: 0] += 1
            if answer.status == 429 { retryAfter.insert(answer.retryAfter) }
        }
        #expect(statuses[413] == 2_000, "every 512 KiB message is refused: \(statuses)")
        let accepted = statuses[202] ?? 0, refused = statuses[429] ?? 0
        #expect(accepted > 0 && refused > 0 && accepted + refused == 2_000, "\(statuses)")
        #expect(retryAfter == [limits.retryAfterSeconds], "every 429 carries Retry-After")
        let queued = notifier.queued
        #expect(queued.bytes <= limits.queueBytes && queued.deliveries <= limits.queueDeliveries, "\(queued)")
        #expect(notifier.counters.dropped == UInt64(refused))

        // Delivering drains the queue; then 5,000 more unique events go through a bounded throttle map.
        let task = Task { await notifier.run() }
        defer { task.cancel() }
        #expect(try await eventually(timeout: .seconds(60)) { notifier.queued.deliveries == 0 })
        for index in 0..<5_000 {
            let answer = await post(Self.body(event: "more-\(index)", message: "m"))
            if answer.status == 429 {
                _ = try await eventually(timeout: .seconds(60)) { notifier.queued.deliveries == 0 }
            }
        }
        #expect(notifier.throttleEntries <= limits.throttleEntries)
        #expect(notifier.counters.evicted > 0, "the oldest pairs were forgotten, not kept")
        let growth = (try #require(residentBytes())) - start
        // RSS is a per-process number: only meaningful when this suite runs alone in its process, as
        // scripts/test runs it so (in the full parallel run, other suites allocate too).
        if SuiteProcess.runsAlone {
            #expect(growth < 64 << 20, "RSS grew by \(growth >> 20) MiB")
        }
        print("notify memory: RSS grew by \(growth >> 10) KiB over 2,000 × 512 KiB + 7,000 unique events; \(accepted) accepted, \(refused) got 429")
    }
}
