import Foundation
import Logging
import OrkKube
@testable import OrkRuntime
import OrkValue

/// A ``RuntimeHTTPServer`` on 127.0.0.1 port 0 over a fake inspector, and an HTTP client for it.
final class APITestServer: Sendable {
    let port: Int
    let task: Task<Void, any Error>
    let transport: HTTPClientTransport

    struct Answer: Sendable {
        var status: Int
        var contentType: String
        var allow: String?
        var body: String

        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private init(port: Int, task: Task<Void, any Error>, transport: HTTPClientTransport) {
        self.port = port
        self.task = task
        self.transport = transport
    }

    static func start(_ inspector: any RuntimeInspector, now: Date = FakeInspector.now) async throws -> APITestServer {
        var logger = Logger(label: "orkestra.api.test")
        logger.logLevel = .critical  // cancelling the server task logs an error
        let api = RuntimeAPI(inspector: inspector, liveReadTimeout: .seconds(30), now: { now })
        let server = RuntimeHTTPServer(api: api, host: "127.0.0.1", port: 0, logger: logger)
        let (ports, continuation) = AsyncStream<Int?>.makeStream()
        let task = Task {
            defer { continuation.yield(nil) }
            try await server.run { port in continuation.yield(port) }
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let port = bound else {
            task.cancel()
            _ = await task.result
            throw StartFailure(description: "the API server stopped before listening: \(await task.result)")
        }
        let transport = try HTTPClientTransport(config: KubeConfig(server: "http://127.0.0.1:\(port)"))
        return APITestServer(port: port, task: task, transport: transport)
    }

    /// `method path` (the path may carry a query) over HTTP.
    func request(_ method: String, _ target: String) async throws -> Answer {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? target
        var query: [(String, String)] = []
        if parts.count > 1, let raw = parts.last {
            for pair in raw.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = (kv.first.map(String.init) ?? "").removingPercentEncoding ?? ""
                let value = kv.count > 1 ? ((kv.last.map(String.init) ?? "").removingPercentEncoding ?? "") : ""
                query.append((key, value))
            }
        }
        let response = try await transport.send(KubeRequest(method: method, path: path, query: query))
        return Answer(status: response.status, contentType: response.header("Content-Type") ?? "",
                      allow: response.header("Allow"), body: String(decoding: response.body, as: UTF8.self))
    }

    func get(_ target: String) async throws -> Answer {
        try await request("GET", target)
    }

    func stop() async {
        await transport.shutdown()
        task.cancel()
        _ = await task.result
    }

    /// Runs `body` against a server for `inspector`, then stops it.
    static func with(_ inspector: any RuntimeInspector,
                     _ body: (APITestServer) async throws -> Void) async throws {
        let server = try await start(inspector)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
