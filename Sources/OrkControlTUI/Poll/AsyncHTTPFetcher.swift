import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOSSL
import OrkAPI
import OrkValue

/// `HTTPFetcher` over AsyncHTTPClient: one shared client, a per-request deadline, a bounded body.
package final class AsyncHTTPFetcher: HTTPFetcher {
    let client: HTTPClient
    /// Bodies above this size are refused (a CR list page of 5,000 items is ~2 MiB).
    static let maximumBody = 64 * 1024 * 1024

    /// Connection failures are not retried within a request: the poller reports them at once and
    /// polls again at the next interval.
    let credentials: FetchCredentials

    package init(connectionsPerHost: Int = 4, connectTimeoutSeconds: Double = 2,
                 credentials: FetchCredentials = FetchCredentials()) throws(ControlError) {
        self.credentials = credentials
        var configuration = HTTPClient.Configuration()
        if let caFile = credentials.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else { throw .unreadableFile("--cacert", caFile) }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            configuration.tlsConfiguration = tls
        }
        if let tokenFile = credentials.tokenFile, credentials.token() == nil {
            throw .unreadableFile("--token-file", tokenFile)
        }
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .milliseconds(Int64(max(1, connectTimeoutSeconds * 1000))))
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    package func shutdown() async {
        try? await client.shutdown()
    }

    package func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure> {
        await get(url, timeoutSeconds: timeoutSeconds, alsoAccepting: [])
    }

    package func get(_ url: String, timeoutSeconds: Double, alsoAccepting statuses: Set<Int>) async
        -> Result<FetchResponse, FetchFailure>
    {
        let clock = ContinuousClock()
        let start = clock.now
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        if let token = credentials.token() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let timeout = TimeAmount.milliseconds(Int64(max(1, timeoutSeconds * 1000)))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: Self.maximumBody)
            let latency = milliseconds(clock.now - start)
            let status = Int(response.status.code)
            let bytes = Array(body.readableBytesView)
            guard (200..<300).contains(status) || statuses.contains(status) else {
                return .failure(.http(status: status, message: Self.errorMessage(bytes)))
            }
            return .success(FetchResponse(status: status, body: bytes, latencyMs: latency))
        } catch {
            return .failure(FailureClassifier.classify(error, timeoutSeconds: timeoutSeconds))
        }
    }

    /// The `error` field of a JSON error body, when there is one.
    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(bytes: body, maxDepth: DecodeFailure.maximumDepth) else { return nil }
        return try? DocumentDecoder.decode(ErrorBody.self, from: json).error
    }
}

/// What `ork control` shows the endpoints it polls: a bearer token (`--token-file`, read at every
/// request, so a rotated token is picked up) and a CA for HTTPS endpoints (`--cacert`).
package struct FetchCredentials: Sendable, Hashable {
    package var tokenFile: String?
    package var caFile: String?

    package init(tokenFile: String? = nil, caFile: String? = nil) {
        self.tokenFile = tokenFile
        self.caFile = caFile
    }

    /// The token in `tokenFile`, trimmed; nil without a file, or when it is unreadable or empty.
    package func token() -> String? {
        guard let tokenFile, let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else { return nil }
        let token = text.trimmingWhitespace()
        return token.isEmpty ? nil : token
    }
}
