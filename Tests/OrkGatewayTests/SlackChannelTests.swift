import Foundation
import Hummingbird
import OrkValue
import OrkTestSupport
import ServiceLifecycle
import Synchronization
import Testing
@testable import OrkGateway

/// The Slack channel posts `{"text": …}` to the webhook URL and reports a non-2xx answer.
struct SlackChannelTests {
    final class Received: Sendable {
        let bodies = Mutex<[String]>([])
    }

    @Test func postsTextAndReportsFailures() async throws {
        let received = Received()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.bodies.withLock { $0.append(String(buffer: body)) }
            return .ok
        }
        router.post("broken") { _, _ -> HTTPResponse.Status in .internalServerError }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        let task = Task { try await group.run() }
        var port = 0
        for await bound in ports { port = bound; break }
        let slack = SlackChannel()
        try await slack.send("3 failures", subject: "[orkestra] warning: e", to: "http://127.0.0.1:\(port)/hook")
        let body = try JSONValue.parse(try #require(received.bodies.withLock { $0.first }))
        #expect(body["text"] == "*[orkestra] warning: e*\n3 failures")
        await #expect(throws: DeliveryError.self) { try await slack.send("x", subject: "s", to: "http://127.0.0.1:\(port)/broken") }
        await slack.shutdown()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
