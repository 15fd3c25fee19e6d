/// One HTTP request to the API server, relative to its base URL.
public struct KubeRequest: Sendable {
    public var method: String
    /// The path, e.g. `/apis/apps/v1/namespaces/default/deployments`.
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// Per-request timeout; nil uses the client's default (watches set their own).
    public var timeout: Duration?
    /// Also sends the bearer credential (when the user has one) in this header. The API server
    /// removes `Authorization` once it has authenticated a request, so a request it proxies to a
    /// service or pod reaches the backend without it; a backend that checks the caller itself
    /// (the runtime's and the gateway's API) reads it from here.
    public var forwardCredentialAs: String?
    /// The answer may come from a backend behind the API server's proxy: its 401 never renews the
    /// credentials.
    public var proxied: Bool
    /// Answers larger than this are refused (at most the transport's own limit).
    public var maxBody: Int?

    public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
                body: [UInt8]? = nil, timeout: Duration? = nil, forwardCredentialAs: String? = nil, proxied: Bool = false,
                maxBody: Int? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.forwardCredentialAs = forwardCredentialAs
        self.proxied = proxied
        self.maxBody = maxBody
    }

    /// `GET /path?query`, for logs and errors.
    public var summary: String {
        let q = query.isEmpty ? "" : "?" + query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        return "\(method) \(path)\(q)"
    }

    /// The path and percent-encoded query string.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Percent-encodes everything but RFC 3986 unreserved characters (a path segment or query part).
    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// A complete answer.
public struct KubeResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// A streaming answer (watches): the status and headers, then the body in chunks as they arrive.
public struct KubeStreamResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [(String, String)], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends requests to one API server. The production implementation uses AsyncHTTPClient; tests and
/// fault-injecting proxies can substitute their own.
public protocol KubeTransport: Sendable {
    /// Sends a request and collects the whole answer (at most `maxBody` bytes).
    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse
    /// Sends a request and streams the answer's body (for watches).
    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse
    /// Releases connections.
    func shutdown() async
}
