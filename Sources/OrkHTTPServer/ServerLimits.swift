/// The limits of one HTTP listener: how long a client may take, how many connections and requests
/// it may hold, how big a request may be. Every Orkestra server (runtime API, gateway HTTP and
/// HTTPS, sandbox) applies one of these to each port it opens (see ``GuardedListener``).
///
/// What a client sees when it crosses one:
/// - `readHeaderTimeout` / `readBodyTimeout`: the connection is closed (nothing to answer yet).
/// - `idleTimeout`: a kept-alive connection with no request is closed.
/// - `maxConnections`: a connection over it is answered 503 with `Retry-After` once its request
///   head arrives, and closed; at twice the cap the listener stops accepting until one closes.
/// - header limits: 400 with a JSON body, connection closed.
/// - `maxBodyBytes`: 413 with a JSON body (at once when `Content-Length` says so).
/// - `maxBufferedBodyBytes`: 429 with `Retry-After` and a JSON body.
/// - `maxConcurrentRequests`: 429 with `Retry-After` and a JSON body, answered at once.
public struct ServerLimits: Sendable, Hashable {
    /// From accepting a connection (or the end of the previous response) until a complete request
    /// head has arrived. On a TLS listener this includes the handshake.
    public var readHeaderTimeout: Duration
    /// From a request's head until its last body byte.
    public var readBodyTimeout: Duration
    /// A kept-alive connection with no request in progress for this long is closed.
    public var idleTimeout: Duration
    /// Connections served at once.
    public var maxConnections: Int
    /// Bytes of one header field (name and value).
    public var maxHeaderFieldSize: Int
    /// Bytes of all header fields of a request.
    public var maxHeaderListSize: Int
    /// Header fields of a request.
    public var maxHeaderFieldCount: Int
    /// Bytes of a request body.
    public var maxBodyBytes: Int
    /// Bytes of request bodies held at once by the listener (read so far, or being answered). A
    /// body that would cross it is refused 429 with `Retry-After`; a client trickling its body
    /// holds only the bytes it sent, so slow clients cannot starve the others.
    public var maxBufferedBodyBytes: Int
    /// Requests being answered at once, once their body is read (probe and metrics paths do not count).
    public var maxConcurrentRequests: Int
    /// The `Retry-After` of a 429 or 503 caused by these limits, in seconds.
    public var retryAfterSeconds: Int

    public init(readHeaderTimeout: Duration = .seconds(10), readBodyTimeout: Duration = .seconds(30),
                idleTimeout: Duration = .seconds(120), maxConnections: Int = 1024,
                maxHeaderFieldSize: Int = 16 << 10, maxHeaderListSize: Int = 64 << 10, maxHeaderFieldCount: Int = 100,
                maxBodyBytes: Int = 1 << 20, maxBufferedBodyBytes: Int? = nil, maxConcurrentRequests: Int = 64,
                retryAfterSeconds: Int = 1) {
        self.readHeaderTimeout = readHeaderTimeout
        self.readBodyTimeout = readBodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxHeaderFieldSize = maxHeaderFieldSize
        self.maxHeaderListSize = maxHeaderListSize
        self.maxHeaderFieldCount = maxHeaderFieldCount
        self.maxBodyBytes = maxBodyBytes
        self.maxBufferedBodyBytes = maxBufferedBodyBytes ?? maxBodyBytes.multipliedReportingOverflow(by: 8).partialValue
        self.maxConcurrentRequests = maxConcurrentRequests
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Every value must be positive; the error names the first that is not.
    public func check() throws(ServerLimitsError) {
        let durations: [(String, Duration)] = [
            ("readHeaderTimeout", readHeaderTimeout), ("readBodyTimeout", readBodyTimeout), ("idleTimeout", idleTimeout),
        ]
        for (name, value) in durations where value <= .zero {
            throw ServerLimitsError("\(name) must be positive, not \(value)")
        }
        let counts: [(String, Int)] = [
            ("maxConnections", maxConnections), ("maxHeaderFieldSize", maxHeaderFieldSize),
            ("maxHeaderListSize", maxHeaderListSize), ("maxHeaderFieldCount", maxHeaderFieldCount),
            ("maxBodyBytes", maxBodyBytes), ("maxBufferedBodyBytes", maxBufferedBodyBytes), ("maxConcurrentRequests", maxConcurrentRequests),
            ("retryAfterSeconds", retryAfterSeconds),
        ]
        for (name, value) in counts where value <= 0 {
            throw ServerLimitsError("\(name) must be positive, not \(value)")
        }
        if maxHeaderFieldSize > maxHeaderListSize {
            throw ServerLimitsError("maxHeaderFieldSize (\(maxHeaderFieldSize)) is larger than maxHeaderListSize (\(maxHeaderListSize))")
        }
    }

    /// Where the listener stops accepting (the kernel queues further connections): twice the cap,
    /// so connections between the two are answered 503 instead of waiting.
    public var acceptCeiling: Int {
        maxConnections > Int.max / 2 ? Int.max : maxConnections * 2
    }
}

/// Limits that make no sense (zero or negative values).
public struct ServerLimitsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
