import OrkValue

/// A failed Kubernetes request, typed from the API's `Status` object (or from the transport).
public struct KubeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as callers branch on it.
    public enum Kind: String, Sendable, Hashable {
        case notFound, alreadyExists, conflict, gone, invalid, forbidden, unauthorized, tooManyRequests
        case badRequest, methodNotAllowed, unsupportedMediaType, requestTooLarge, timeout, serverError
        /// The connection failed or was cut (refused, reset, TLS, DNS).
        case transport
        /// The answer could not be understood.
        case decoding
        /// Configuration or credentials could not be used.
        case configuration
    }

    /// One field-level cause of an `Invalid` (422) answer.
    public struct Cause: Sendable, Hashable {
        public var field: String
        public var reason: String
        public var message: String
    }

    public var kind: Kind
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// The `Status.reason` (e.g. `AlreadyExists`).
    public var reason: String
    public var message: String
    public var causes: [Cause]
    /// How long the server asked us to wait (429, some 5xx).
    public var retryAfter: Duration?
    /// The request, for logs: `GET /api/v1/namespaces/x/configmaps/y`.
    public var request: String

    public init(kind: Kind, status: Int? = nil, reason: String = "", message: String, causes: [Cause] = [],
                retryAfter: Duration? = nil, request: String = "") {
        self.kind = kind
        self.status = status
        self.reason = reason
        self.message = message
        self.causes = causes
        self.retryAfter = retryAfter
        self.request = request
    }

    public var description: String {
        var text = request.isEmpty ? "" : "\(request): "
        text += status.map { "\($0) " } ?? ""
        text += reason.isEmpty ? kind.rawValue : reason
        text += ": \(message)"
        if !causes.isEmpty {
            text += " (" + causes.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + ")"
        }
        return text
    }

    /// Whether retrying the same request later may succeed.
    public var isTransient: Bool {
        switch kind {
        case .tooManyRequests, .serverError, .transport, .timeout: return true
        default: return false
        }
    }

    /// Builds the error for a non-2xx answer from its body (a `Status` when the server sent one).
    static func from(status: Int, body: [UInt8], retryAfter: Duration?, request: String) -> KubeError {
        let document = (try? JSONValue.parse(bytes: body)) ?? .null
        let reason = document["reason"]?.stringValue ?? ""
        var message = document["message"]?.stringValue ?? ""
        if message.isEmpty {
            message = String(decoding: body.prefix(512), as: UTF8.self)
            if message.isEmpty { message = "HTTP \(status)" }
        }
        let causes = (document.value(atDotted: "details.causes")?.arrayValue ?? []).map { cause in
            Cause(field: cause["field"]?.stringValue ?? "", reason: cause["reason"]?.stringValue ?? "",
                  message: cause["message"]?.stringValue ?? "")
        }
        var wait = retryAfter
        if wait == nil, let seconds = document.value(atDotted: "details.retryAfterSeconds")?.intValue, seconds > 0 {
            wait = .seconds(seconds)
        }
        return KubeError(kind: kind(status: status, reason: reason), status: status, reason: reason, message: message,
                         causes: causes, retryAfter: wait, request: request)
    }

    static func kind(status: Int, reason: String) -> Kind {
        switch reason {
        case "NotFound": return .notFound
        case "AlreadyExists": return .alreadyExists
        case "Conflict": return .conflict
        case "Gone", "Expired": return .gone
        case "Invalid": return .invalid
        case "Forbidden": return .forbidden
        case "Unauthorized": return .unauthorized
        case "TooManyRequests": return .tooManyRequests
        case "Timeout", "ServerTimeout": return .timeout
        default: break
        }
        switch status {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 405: return .methodNotAllowed
        case 409: return .conflict
        case 410: return .gone
        case 413: return .requestTooLarge
        case 415: return .unsupportedMediaType
        case 422: return .invalid
        case 429: return .tooManyRequests
        case 504: return .timeout
        case 500...599: return .serverError
        default: return .badRequest
        }
    }
}
