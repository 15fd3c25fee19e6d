import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import HTTPTypes
import OrkAPI

/// One listener's limits put to work: the HTTP/1 channel configuration (deadlines, idle timeout,
/// header limits, connection cap), the application configuration (accept ceiling), and the
/// request admission every responder goes through (body cap, requests in flight).
package struct GuardedListener: Sendable {
    package let limits: ServerLimits
    package let errors: ErrorDocument
    package let connections: ConnectionGate
    package let requests: ConcurrencyLimiter
    package let bodyBytes: ByteBudget
    /// First path segments whose requests skip the in-flight limit: probes and metrics stay cheap
    /// and must answer while the listener is busy.
    package let unlimitedPaths: Set<String>
    /// Who may be answered (nil: everyone), except on `openPaths`.
    package let authorizer: (any RequestAuthorizer)?
    /// First path segments answered without asking `authorizer` (probes; `/metrics` where scraped
    /// without a token; an endpoint with its own authentication).
    package let openPaths: Set<String>
    let logger: Logger

    package init(limits: ServerLimits, errors: ErrorDocument, unlimitedPaths: Set<String> = [],
                 authorizer: (any RequestAuthorizer)? = nil, openPaths: Set<String> = [], logger: Logger) {
        _ = LargeBufferRelease.applied
        self.limits = limits
        self.errors = errors
        self.connections = ConnectionGate(capacity: limits.maxConnections)
        self.requests = ConcurrencyLimiter(limit: limits.maxConcurrentRequests)
        self.bodyBytes = ByteBudget(capacity: limits.maxBufferedBodyBytes)
        self.unlimitedPaths = unlimitedPaths
        self.authorizer = authorizer
        self.openPaths = openPaths
        self.logger = logger
    }

    /// The probes: answered without authentication wherever API authentication is on.
    package static let probeOnlyPaths: Set<String> = ["healthz", "livez", "health", "readyz", "ready", "startup"]

    /// The paths of the probes every Orkestra server answers.
    package static let probePaths: Set<String> = ["healthz", "livez", "health", "readyz", "ready", "startup", "metrics"]

    /// Hummingbird's HTTP/1 configuration with these limits.
    package var http1: HTTP1Channel.Configuration {
        let limits = self.limits
        let gate = connections
        let errors = self.errors
        let logger = self.logger
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionLimitsHandler(limits: limits, gate: gate, errors: errors, logger: logger)],
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderFieldSize, maxHeaderListSize: limits.maxHeaderListSize,
                                            maxHeaderFieldCount: limits.maxHeaderFieldCount))
    }

    /// The application configuration: address, name, and the accept ceiling.
    package func configuration(host: String, port: Int, serverName: String) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName, reuseAddress: true,
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.acceptCeiling, logger: logger))
    }

    /// A JSON error response in the server's shape; `retry` adds `Retry-After`.
    package func error(_ status: Int, _ message: String, retry: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: errors.contentType, .cacheControl: "no-store"]
        if retry { headers[.retryAfter] = String(limits.retryAfterSeconds) }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: errors.render(status, message))))
    }

    /// 413 when the request declares a body over the cap (before anything is read).
    package func declaredBodyTooLarge(_ request: Request) -> Response? {
        guard let text = request.headers[.contentLength] else { return nil }
        guard let length = Int(text), length >= 0 else {
            return error(400, "Content-Length \"\(text.prefix(40))\" is not a byte count")
        }
        guard length > limits.maxBodyBytes else { return nil }
        return tooLarge()
    }

    func tooLarge() -> Response {
        error(413, "the body is larger than \(Self.bytes(limits.maxBodyBytes)), this server's limit")
    }

    /// Reads the body (up to the cap: 413 beyond) and answers with `respond`, holding the body's
    /// bytes in the listener's ``ByteBudget`` until the answer is made: 429 with `Retry-After` when
    /// the budget has no room. A client that trickles its body holds only what it has sent.
    package func withBody(_ request: Request, _ respond: ([UInt8]) async -> Response) async -> Response {
        if let refused = declaredBodyTooLarge(request) { return refused }
        var bytes: [UInt8] = []
        var reserved = 0
        defer { bodyBytes.release(reserved) }
        do {
            for try await chunk in request.body {
                let count = chunk.readableBytes
                guard count <= limits.maxBodyBytes - bytes.count else { return tooLarge() }
                guard bodyBytes.tryReserve(count) else {
                    logger.debug("request refused: request bodies fill the buffer", metadata: ["limit": "\(limits.maxBufferedBodyBytes)"])
                    return busy("request bodies of \(Self.bytes(limits.maxBufferedBodyBytes)) are being read, its limit")
                }
                reserved += count
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            return self.error(400, "the request body cannot be read: \(error)")
        }
        return await respond(bytes)
    }

    func busy(_ what: String) -> Response {
        error(429, "the server is busy: \(what); retry in \(limits.retryAfterSeconds) s", retry: true)
    }

    /// Admits a request: 413 for a declared body over the cap; with an `authorizer`, its refusal
    /// (401 with `WWW-Authenticate: Bearer`, 403, 429, 503) unless the path is open; 429 with `Retry-After` when the
    /// listener already answers `maxConcurrentRequests` (except on `unlimitedPaths`); otherwise
    /// `respond` runs holding a permit. Read the body first (``withBody``), so that a slow body
    /// holds no permit.
    package func admit(_ request: Request, _ respond: (Request) async -> Response) async -> Response {
        if let refused = declaredBodyTooLarge(request) { return refused }
        let first = request.uri.path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        if let authorizer, !openPaths.contains(first),
           case .refused(let status, let message) = await authorizer.authorize(method: request.method.rawValue, path: request.uri.path,
                                                                              authorization: Self.authorization(of: request)) {
            var response = error(status, message, retry: status == 429 || status == 503)
            if status == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
        if unlimitedPaths.contains(first) { return await respond(request) }
        guard requests.tryAcquire() else {
            logger.debug("request refused: too many in flight", metadata: ["limit": "\(limits.maxConcurrentRequests)"])
            return busy("it is answering \(limits.maxConcurrentRequests) requests, its limit")
        }
        defer { requests.release() }
        return await respond(request)
    }

    static let forwardedAuthorization = HTTPField.Name(ForwardedAuthorization.header)

    /// The caller's credential: `Authorization`, else the copy a request proxied by the API server
    /// carries in ``ForwardedAuthorization/header`` (the API server removes `Authorization`).
    static func authorization(of request: Request) -> String? {
        if let header = request.headers[.authorization] { return header }
        guard let name = forwardedAuthorization else { return nil }
        return request.headers[name]
    }

    /// "3.5 MiB", "64 KiB", "100 bytes".
    package static func bytes(_ count: Int) -> String {
        func format(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(format1(value))
        }
        if count >= 1 << 20 { return "\(format(Double(count) / 1_048_576)) MiB" }
        if count >= 1 << 10 { return "\(format(Double(count) / 1024)) KiB" }
        return "\(count) bytes"
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
