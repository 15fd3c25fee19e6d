import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import OrkStats
import OrkValue

/// Fetches a peer's `GET /katalog?scope=pod`; the error is a short reason for the fleet view.
public protocol PeerFetcher: Sendable {
    func podStats(_ peer: Peer) async -> Result<JSONValue, PeerError>
}

/// Why a peer could not be read: `refused`, `timeout after 1s`, `HTTP 503`, a DNS or transport message.
public struct PeerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// `PeerFetcher` over AsyncHTTPClient with a per-request timeout.
public final class HTTPPeerFetcher: PeerFetcher {
    let client: HTTPClient
    let timeout: Duration
    /// The bearer token shown to peers whose API needs one (read at every fetch: the kubelet
    /// rotates it); nil sends none.
    let tokenFile: String?

    public init(timeout: Duration = .seconds(1), tokenFile: String? = nil) {
        self.tokenFile = tokenFile
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(timeout.milliseconds)), read: .milliseconds(Int64(timeout.milliseconds)))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func podStats(_ peer: Peer) async -> Result<JSONValue, PeerError> {
        var request = HTTPClientRequest(url: "\(peer.url)/katalog?scope=pod")
        if let tokenFile, let token = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?
            .trimmingWhitespace(), !token.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.milliseconds)))
            let body = try await response.body.collect(upTo: 4 << 20)
            guard response.status.code == 200 else { return .failure(PeerError("HTTP \(response.status.code)")) }
            do {
                return .success(try JSONValue.parse(bytes: body.readableBytesView))
            } catch {
                return .failure(PeerError("answer is not JSON: \(error)"))
            }
        } catch {
            return .failure(PeerError(Self.reason(error, timeout: timeout)))
        }
    }


    static func reason(_ error: any Error, timeout: Duration = .seconds(1)) -> String {
        let text = "\(error)"
        if let client = error as? HTTPClientError {
            if client == .deadlineExceeded || client == .readTimeout || client == .connectTimeout {
                return "timeout after \(timeout)"
            }
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") {
            return "refused"
        }
        if text.contains("NIOConnectionError") || text.contains("connectTimeout") || text.contains("deadline") {
            return text.contains("dnsAAAAError") || text.contains("dnsAError") ? "DNS: cannot resolve" : "timeout after \(timeout)"
        }
        return text
    }
}
