/// Why a request to an endpoint failed, classified for the DOWN reason the UI shows.
package enum FetchFailure: Error, Sendable, Equatable {
    /// Nothing listens there (connection refused or reset).
    case refused(String)
    /// No complete answer within the per-request timeout.
    case timeout(seconds: Double)
    /// The host name did not resolve.
    case dns(String)
    /// The TLS handshake or certificate check failed.
    case tls(String)
    /// The endpoint answered with a non-2xx status.
    case http(status: Int, message: String?)
    /// The body is not the JSON the contract describes.
    case invalidBody(String)
    /// Any other transport error.
    case other(String)

    /// The short reason class: `refused`, `timeout`, `DNS`, `TLS`, `HTTP 503`, `bad JSON`, `error`.
    package var reason: String {
        switch self {
        case .refused: "refused"
        case .timeout: "timeout"
        case .dns: "DNS"
        case .tls: "TLS"
        case .http(let status, _): "HTTP \(status)"
        case .invalidBody: "bad JSON"
        case .other: "error"
        }
    }

    /// One line with the reason and what the transport or server said.
    package var detail: String {
        switch self {
        case .refused(let message): message.isEmpty ? "connection refused" : message
        case .timeout(let seconds): "timeout after \(Self.seconds(seconds))"
        case .dns(let message): "DNS: \(message)"
        case .tls(let message): "TLS: \(message)"
        case .http(let status, let message): "HTTP \(status)\(Self.suffix(message))"
        case .invalidBody(let message): message
        case .other(let message): message
        }
    }

    static func suffix(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "" }
        return ": \(message)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int.saturating(value))s" : "\(value)s"
    }
}
