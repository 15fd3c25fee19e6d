import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The gateway's two Hummingbird servers: plain HTTP (`ORK_PORT`: probes, fleet view, metrics)
/// and HTTPS (the webhooks). Both serve until their task is cancelled; `onListening` gets the
/// bound port, so port 0 works in tests.
public struct GatewayServers: Sendable {
    public let api: GatewayAPI
    public let host: String
    public let logger: Logger

    public init(api: GatewayAPI, host: String = "0.0.0.0", logger: Logger) {
        self.api = api
        self.host = host
        self.logger = logger
    }

    /// Hummingbird logs a cancelled server at error level; its own logger only says critical things.
    var serverLogger: Logger {
        var logger = self.logger
        logger.logLevel = .critical
        return logger
    }

    public func runHTTP(port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let api = self.api
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var body: [UInt8] = []
            if request.method == .post {
                do {
                    body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                } catch {
                    return Self.response(api.error(413, "the body is larger than 1 MiB"))
                }
            }
            let answer = await api.respond(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                                           body: body)
            return Self.response(answer)
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "orkestra-gateway", reuseAddress: true),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: serverLogger)
        try await Self.run(app, what: "HTTP", host: host, port: port)
    }

    /// Runs `app`; a failure names the port, e.g. "cannot serve HTTP on 0.0.0.0:8080: Address already in use".
    static func run(_ app: some ApplicationProtocol, what: String, host: String, port: Int) async throws {
        do {
            try await app.run()
        } catch is CancellationError {
            return
        } catch {
            throw GatewayConfigurationError("cannot serve \(what) on \(host):\(port): \(error)")
        }
    }

    /// Serves the webhooks over TLS with `tls` (whose context callback may swap certificates live).
    /// The largest review accepted (the API server's own request limit is 3 MiB).
    static let maximumBody = 8 << 20

    public func runHTTPS(port: Int, tls: TLSConfiguration, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let api = self.api
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            if request.method == .post, let type = request.headers[.contentType], !type.lowercased().contains("json") {
                return Self.response(api.error(415, "Content-Type \(type) is not JSON: webhooks take application/json reviews"))
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumBody)
            } catch {
                return Self.response(api.error(413, "the body is larger than \(Self.maximumBody >> 20) MiB; the API server never sends reviews that big"))
            }
            let answer = api.webhook(method: request.method.rawValue, path: request.uri.path, body: Array(body.readableBytesView))
            return Self.response(answer)
        }
        let app = Application(
            responder: responder,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: "orkestra-gateway", reuseAddress: true),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: serverLogger)
        try await Self.run(app, what: "HTTPS", host: host, port: port)
    }

    static func response(_ answer: GatewayAnswer) -> Response {
        Response(status: HTTPResponse.Status(code: answer.status),
                 headers: [.contentType: answer.contentType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
