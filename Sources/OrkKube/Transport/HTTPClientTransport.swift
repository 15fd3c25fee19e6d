import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1
import NIOSSL
import OrkValue

/// The production transport: AsyncHTTPClient over swift-nio-ssl, with the kubeconfig's CA, client
/// certificate and credentials.
public final class HTTPClientTransport: KubeTransport {
    /// Answers larger than this are refused (a list page or object is never this big).
    public static let maxBody = 256 * 1024 * 1024

    let client: HTTPClient
    let baseURL: String
    let tokens: TokenSource
    let defaultTimeout: Duration

    public init(config: KubeConfig) throws(KubeError) {
        var configuration = HTTPClient.Configuration()
        if config.server.hasPrefix("https://") {
            configuration.tlsConfiguration = try Self.tlsConfiguration(config)
        }
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        // Every watch holds a connection for its lifetime (an operator runs two informers per CRD),
        // so the pool must be far larger than the number of concurrent short requests.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.decompression = .disabled
        // The API server does not redirect API requests; a backend behind its proxy might, and a
        // redirect would carry the credential (and a forwarded copy of it) somewhere else.
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        baseURL = config.server
        tokens = TokenSource(credentials: config.credentials)
        defaultTimeout = config.requestTimeout
    }

    static func tlsConfiguration(_ config: KubeConfig) throws(KubeError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if config.insecureSkipTLSVerify {
                tls.certificateVerification = .none
            } else if let ca = config.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = config.clientCertificatePEM, let key = config.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw KubeError(kind: .configuration, message: "TLS material from \(config.source) cannot be used: \(error)")
        }
        return tls
    }

    func makeRequest(_ request: KubeRequest) async throws(KubeError) -> HTTPClientRequest {
        var http = HTTPClientRequest(url: baseURL + request.target)
        http.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        if !http.headers.contains(name: "Accept") { http.headers.add(name: "Accept", value: "application/json") }
        http.headers.add(name: "User-Agent", value: "orkestra/0.1")
        if let authorization = try await tokens.authorization() {
            http.headers.add(name: "Authorization", value: authorization)
            // Only a bearer token means anything to a backend's TokenReview; a password never leaves for one.
            if let forward = request.forwardCredentialAs, authorization.hasPrefix("Bearer ") {
                http.headers.add(name: forward, value: authorization)
            }
        }
        if let body = request.body {
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        return http
    }

    /// Sends `request`; a 401 with credentials that can be renewed (an exec plugin's token, a token
    /// file) renews them and sends it once more: the server did not act on a request it refused.
    public func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let response = try await sendOnce(request)
        guard Self.refusesCredential(response, of: request), await tokens.invalidate() else { return response }
        return try await sendOnce(request)
    }

    /// Whether an answer refuses the user's credential (so renewable credentials are renewed): a 401
    /// to a request of our own. A proxied request's 401 may come from the backend, which can dress it
    /// as a `Status` too: it never renews (an exec plugin re-run at every poll, on a stranger's say-so).
    /// The API server's own refusals reach the user's direct requests as well, which renew.
    static func refusesCredential(_ response: KubeResponse, of request: KubeRequest) -> Bool {
        response.status == 401 && !request.proxied
    }

    func sendOnce(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let http = try await makeRequest(request)
        let timeout = request.timeout ?? defaultTimeout
        do {
            let response = try await client.execute(http, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            let body = try await response.body.collect(upTo: min(request.maxBody ?? Self.maxBody, Self.maxBody))
            return KubeResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                body: Array(buffer: body))
        } catch let error as KubeError {
            throw error
        } catch {
            throw Self.transportError(error, request: request)
        }
    }

    public func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        let http = try await makeRequest(request)
        let timeout = request.timeout ?? .seconds(3600)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, timeout: .nanoseconds(Self.nanoseconds(timeout)))
        } catch {
            throw Self.transportError(error, request: request)
        }
        // Pull chunks only when the consumer asks for the next one, so a slow consumer (an informer
        // whose subscribers are full) slows the socket instead of buffering the watch in memory.
        let reader = BodyReader(response.body.makeAsyncIterator())
        let stream = AsyncThrowingStream<[UInt8], any Error>(unfolding: {
            do {
                return try await reader.next()
            } catch {
                throw Self.transportError(error, request: request)
            }
        })
        if response.status.code == 401 { await tokens.invalidate() }
        return KubeStreamResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                  body: stream)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// A transport dropped without `shutdown()` still releases its connections (AsyncHTTPClient
    /// otherwise leaks them, and traps in debug builds).
    deinit {
        client.shutdown(queue: .global()) { _ in }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let clamped = min(max(seconds, 0), 86_400 * 365)
        return clamped * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    static func transportError(_ error: any Error, request: KubeRequest) -> KubeError {
        if let error = error as? KubeError { return error }
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout
            || client == .connectTimeout {
            return KubeError(kind: .timeout, message: "\(client)", request: request.summary)
        }
        return KubeError(kind: .transport, message: "\(error)", request: request.summary)
    }
}

/// Hands out a response body's chunks one at a time. The unfolding stream calls `next()` strictly
/// sequentially (one consumer), which is what makes sharing the non-Sendable iterator safe.
private final class BodyReader: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(_ iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> [UInt8]? {
        guard let buffer = try await iterator.next() else { return nil }
        return Array(buffer: buffer)
    }
}
