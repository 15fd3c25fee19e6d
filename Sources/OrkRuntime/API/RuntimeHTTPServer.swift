import FoundationEssentials
import Hummingbird
import Logging
import NIOCore
import OrkAccess
import OrkHTTPServer

/// Serves ``RuntimeAPI`` over HTTP/1.1 with Hummingbird. `run` serves until its task is
/// cancelled (or, inside a ServiceGroup, until graceful shutdown); `onListening` receives the
/// bound port, so a server on port 0 tells tests where it listens. It runs under ``limits``
/// (docs/api.md, "Limits"): read-header, body and idle timeouts, a connection cap, header and
/// body caps, and at most `maxConcurrentRequests` answers at once (429 + `Retry-After` beyond;
/// probes and `/metrics` are not counted).
public struct RuntimeHTTPServer: Sendable {
    public let api: RuntimeAPI
    public let host: String
    public let port: Int
    public let logger: Logger
    public let limits: ServerLimits
    /// Who may read the API (nil: anyone who reaches the port), and the paths open without asking.
    let access: (any RequestAuthorizer)?
    let openPaths: Set<String>

    /// The API reads no bodies: 64 KiB is plenty for anything a client sends by mistake.
    public static let defaultLimits = ServerLimits(maxBodyBytes: 64 << 10, maxConcurrentRequests: 32)

    public init(api: RuntimeAPI, host: String = "0.0.0.0", port: Int = 8080,
                logger: Logger = Logger(label: "orkestra.api"), limits: ServerLimits = RuntimeHTTPServer.defaultLimits,
                access: KubeAPIAccess? = nil, openPaths: Set<String> = APIAccessSettings().openPaths) {
        self.api = api
        self.host = host
        self.port = port
        self.logger = logger
        self.limits = limits
        self.access = access
        self.openPaths = openPaths
    }

    package init(inspector: any RuntimeInspector, host: String = "0.0.0.0", port: Int = 8080,
                 logger: Logger = Logger(label: "orkestra.api"), limits: ServerLimits = RuntimeHTTPServer.defaultLimits,
                 access: KubeAPIAccess? = nil, openPaths: Set<String> = APIAccessSettings().openPaths) {
        self.init(api: RuntimeAPI(inspector: inspector), host: host, port: port, logger: logger, limits: limits,
                  access: access, openPaths: openPaths)
    }

    /// The listener: its limits, errors in the API's `{error, pod, leader}` shape.
    var listener: GuardedListener {
        let api = self.api
        let errors = ErrorDocument { status, message in
            ResponseContext(snapshot: api.inspector.snapshot(), now: api.now()).error(status, message).body
        }
        return GuardedListener(limits: limits, errors: errors, unlimitedPaths: GuardedListener.probePaths, authorizer: access,
                               openPaths: openPaths, logger: logger)
    }

    /// The Hummingbird application (a ServiceLifecycle `Service`), for a runtime that runs its
    /// services in a ServiceGroup.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<CallbackResponder<BasicRequestContext>> {
        let api = self.api
        let listener = self.listener
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await listener.admit(request) { request in
                let answer = await api.respond(method: request.method.rawValue, path: request.uri.path, query: request.uri.query)
                return Self.response(answer)
            }
        }
        let port = self.port
        return Application(
            responder: responder,
            server: .http1(configuration: listener.http1),
            configuration: listener.configuration(host: host, port: port, serverName: "orkestra-runtime"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Serves until cancelled, then shuts down gracefully (`ServerLifetime`). Throws when the
    /// address cannot be bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await ServerLifetime.run(application(onListening: onListening), logger: logger)
    }

    static func response(_ answer: APIResponse) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
        if let allow = answer.headers["Allow"] { headers[.allow] = allow }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
