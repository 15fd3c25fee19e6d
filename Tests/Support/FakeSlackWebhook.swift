import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Slack incoming webhook on 127.0.0.1: `POST /hook` answers 200 and keeps the body.
public final class FakeSlackWebhook: Sendable {
    final class Received: Sendable {
        let bodies = Mutex<[String]>([])
    }

    /// The webhook's URL (`http://127.0.0.1:<port>/hook`).
    public let url: String
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
