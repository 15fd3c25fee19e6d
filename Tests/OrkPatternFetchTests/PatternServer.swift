import Hummingbird
import Logging
import NIOCore

/// A local HTTP server for pattern fetches: `/patterns/...` answers the files given, only with
/// `Authorization: Bearer <token>` when a token is set; `/moved` redirects; `/huge` is too big.
struct PatternServer: Sendable {
    let files: [String: String]
    let token: String?

    struct NotListening: Error {}

    /// Runs `body` with the server's base URL (`http://127.0.0.1:<port>`), then stops it.
    func with<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        let files = self.files
        let token = self.token
        router.get("/patterns/**") { request, _ -> Response in
            if let token, request.headers[.authorization] != "Bearer \(token)" {
                return Response(status: .unauthorized)
            }
            guard let text = files[String(request.uri.path.dropFirst("/patterns/".count))] else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/moved") { _, _ -> Response in
            Response(status: .movedPermanently, headers: [.location: "http://elsewhere.example/p.yaml"])
        }
        router.get("/huge") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "#"), count: 5 * 1024 * 1024)))
        }
        var logger = Logger(label: "pattern-server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw NotListening() }
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }
}
