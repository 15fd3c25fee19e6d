import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOPosix

/// Maps transport errors (AsyncHTTPClient, NIO, system calls) to a `FetchFailure` reason class.
enum FailureClassifier {
    static func classify(_ error: any Error, timeoutSeconds: Double) -> FetchFailure {
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
                return .timeout(seconds: timeoutSeconds)
            }
            if error == .remoteConnectionClosed { return .refused("the server closed the connection") }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return .other("invalid URL: \(error)") }
        }
        if let error = error as? IOError {
            return classify(errno: error.errnoCode, text: "\(error)", timeoutSeconds: timeoutSeconds)
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first {
                return classify(first.error, timeoutSeconds: timeoutSeconds)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return .dns("cannot resolve \(error.host)")
            }
        }
        if error is ChannelError, case .connectTimeout = error as? ChannelError {
            return .timeout(seconds: timeoutSeconds)
        }
        return classify(text: "\(error)", timeoutSeconds: timeoutSeconds)
    }

    static func classify(errno code: Int32, text: String, timeoutSeconds: Double) -> FetchFailure {
        switch code {
        case ECONNREFUSED: return .refused("connection refused")
        case ECONNRESET: return .refused("connection reset by peer")
        case ETIMEDOUT: return .timeout(seconds: timeoutSeconds)
        case EHOSTUNREACH, ENETUNREACH: return .other("unreachable: \(text)")
        default: return classify(text: text, timeoutSeconds: timeoutSeconds)
        }
    }

    /// Last resort: the error's description.
    static func classify(text: String, timeoutSeconds: Double) -> FetchFailure {
        let lower = text.lowercased()
        if lower.contains("refused") { return .refused("connection refused") }
        if lower.contains("timeout") || lower.contains("timed out") || lower.contains("deadline") {
            return .timeout(seconds: timeoutSeconds)
        }
        if lower.contains("dns") || lower.contains("resolve") || lower.contains("getaddrinfo")
            || lower.contains("name or service not known") || lower.contains("nxdomain") {
            return .dns(text)
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return .tls(text)
        }
        return .other(text)
    }
}
