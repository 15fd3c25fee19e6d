import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Slack incoming webhook on 127.0.0.1: `POST /hook` answers 200 and keeps the body; `POST /broken`
/// answers 500 (a webhook that fails).
public final class FakeSlackWebhook: Sendable {
    final class Received: Sendable {
        let bodies = Mutex<[String]>([])
    }

    /// The webhook's URL (`http://127.0.0.1:<port>/hook`).
    public let url: String
    /// A URL on the same server that answers 500.
    public var brokenURL: String { url.replacingOccurrences(of: "/hook", with: "/broken") }
    private let received: Received
    private let task: Task<Void, any Error>

    private init(url: String, received: Received, task: Task<Void, any Error>) {
        self.url = url
        self.received = received
        self.task = task
    }

    struct NotListening: Error {}

    public static func start() async throws -> FakeSlackWebhook {
        let received = Received()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.bodies.withLock { $0.append(String(buffer: body)) }
            return .ok
        }
        router.post("broken") { _, _ -> HTTPResponse.Status in .internalServerError }
        var logger = Logger(label: "fake-slack")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw NotListening()
        }
        return FakeSlackWebhook(url: "http://127.0.0.1:\(port)/hook", received: received, task: task)
    }

    /// The bodies posted so far, in order.
    public var posts: [String] { received.bodies.withLock { $0 } }

    /// Stops listening.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
