import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import OrkAccess
import OrkHTTPServer

/// The gateway's two Hummingbird servers: plain HTTP (`ORK_PORT`: probes, fleet view, metrics)
/// and HTTPS (the webhooks). Both serve until their task is cancelled; `onListening` gets the
/// bound port, so port 0 works in tests. Each port runs under its ``ServerLimits``
/// (``GatewayLimits``): read-header, body and idle timeouts, a connection cap, a body cap and
/// a limit of requests in flight answered with 429 + `Retry-After`.
public struct GatewayServers: Sendable {
    public let api: GatewayAPI
    public let host: String
    public let logger: Logger
    public let httpLimits: ServerLimits
    public let webhookLimits: ServerLimits
    /// Who may read the plain-HTTP API (nil: anyone), and its paths open without asking (`/notify`
    /// authenticates its callers itself).
    let access: KubeAPIAccess?
    let openPaths: Set<String>

    public init(api: GatewayAPI, host: String = "0.0.0.0", logger: Logger,
                httpLimits: ServerLimits = GatewayLimits.http, webhookLimits: ServerLimits = GatewayLimits.webhooks,
                access: KubeAPIAccess? = nil, openPaths: Set<String> = APIAccessSettings().openPaths) {
        self.api = api
        self.host = host
        self.logger = logger
        self.httpLimits = httpLimits
        self.webhookLimits = webhookLimits
        self.access = access
        self.openPaths = openPaths.union(["notify"])
    }

    /// Hummingbird logs a cancelled server at error level; its own logger only says critical things.
    var serverLogger: Logger {
        var logger = self.logger
        logger.logLevel = .critical
        return logger
    }

    /// The listener of one port: its limits, and errors in the gateway's `{error, pod, leader}` shape.
    func listener(_ limits: ServerLimits, unlimitedPaths: Set<String> = [], access: KubeAPIAccess? = nil) -> GuardedListener {
        let api = self.api
        return GuardedListener(limits: limits, errors: ErrorDocument { status, message in api.error(status, message).body },
                               unlimitedPaths: unlimitedPaths, authorizer: access, openPaths: openPaths, logger: logger)
    }

    public func runHTTP(port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let api = self.api
        let listener = listener(httpLimits, unlimitedPaths: GuardedListener.probePaths, access: access)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            // The body is read first (within the listener's byte budget), so a slow body holds no permit.
            await listener.withBody(request) { body in
                await listener.admit(request) { request in
                    let answer = await api.respond(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                                                   body: body, authorization: request.headers[.authorization])
                    return Self.response(answer)
                }
            }
        }
        let app = Application(
            responder: responder,
            server: .http1(configuration: listener.http1),
            configuration: listener.configuration(host: host, port: port, serverName: "orkestra-gateway"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: serverLogger)
        try await Self.run(app, what: "HTTP", host: host, port: port)
    }

    /// Runs `app`; a failure names the port, e.g. "cannot serve HTTP on 0.0.0.0:8080: Address already in use".
    static func run(_ app: some ApplicationProtocol, what: String, host: String, port: Int) async throws {
        do {
            // Stopped by a graceful shutdown when cancelled, never by cancellation (`ServerLifetime`).
            try await ServerLifetime.run(app, logger: app.logger)
        } catch is CancellationError {
            return
        } catch {
            throw GatewayConfigurationError("cannot serve \(what) on \(host):\(port): \(error)")
        }
    }

    /// Serves the webhooks over TLS with `tls` (whose context callback may swap certificates live).
    public func runHTTPS(port: Int, tls: TLSConfiguration, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let api = self.api
        let listener = listener(webhookLimits)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            if request.method == .post, let type = request.headers[.contentType], !type.lowercased().contains("json") {
                return Self.response(api.error(415, "Content-Type \(type) is not JSON: webhooks take application/json reviews"))
            }
            return await listener.withBody(request) { body in
                await listener.admit(request) { request in
                    Self.response(api.webhook(method: request.method.rawValue, path: request.uri.path, body: body))
                }
            }
        }
        let app = Application(
            responder: responder,
            server: try .tls(.http1(configuration: listener.http1), tlsConfiguration: tls),
            configuration: listener.configuration(host: host, port: port, serverName: "orkestra-gateway"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: serverLogger)
        try await Self.run(app, what: "HTTPS", host: host, port: port)
    }

    static func response(_ answer: GatewayAnswer) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
        if let seconds = answer.retryAfter { headers[.retryAfter] = String(seconds) }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
