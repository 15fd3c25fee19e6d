import OrkValue

/// A failed store call, shaped like the API server's `Status` so the HTTP layer can return `status` as is.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One field-level cause of a failure (`details.causes` in a `Status`).
    public struct Cause: Sendable, Hashable {
        /// The field path, e.g. `metadata.name`; empty when the cause is not about one field.
        public var field: String
        /// A machine-readable reason such as `FieldValueInvalid` or `FieldManagerConflict`.
        public var reason: String
        public var message: String

        public init(field: String, reason: String, message: String) {
            self.field = field
            self.reason = reason
            self.message = message
        }
    }

    /// The HTTP status code (404, 409, 410, 422, ...).
    public var code: Int
    /// The `Status.reason`, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Expired`; may be empty.
    public var reason: String
    public var message: String
    public var causes: [Cause]
    /// `details.name`, `details.group`, `details.kind` (a resource or a kind, as the real server puts it), `details.uid`.
    public var detailsName: String?
    public var detailsGroup: String?
    public var detailsKind: String?
    public var detailsUID: String?
    /// Whether the `Status` carries a `details` object even when it is empty (as for an unknown resource).
    public var emptyDetails: Bool
    /// `details.retryAfterSeconds`, also sent as the `Retry-After` header (429s, as the real server's).
    public var retryAfterSeconds: Int?

    public init(
        code: Int, reason: String, message: String, causes: [Cause] = [],
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil, emptyDetails: Bool = false
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
        self.detailsName = name
        self.detailsGroup = group.flatMap { $0.isEmpty ? nil : $0 }
        self.detailsKind = kind
        self.detailsUID = uid
        self.emptyDetails = emptyDetails
    }

    /// The real `v1` `Status` object for this error.
    public var status: JSONValue {
        var details: [String: JSONValue] = [:]
        if let detailsName, !detailsName.isEmpty { details["name"] = .string(detailsName) }
        if let detailsGroup { details["group"] = .string(detailsGroup) }
        if let detailsKind { details["kind"] = .string(detailsKind) }
        if let detailsUID { details["uid"] = .string(detailsUID) }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(retryAfterSeconds) }
        if !causes.isEmpty {
            details["causes"] = .array(causes.map { cause in
                var fields: [String: JSONValue] = ["reason": .string(cause.reason), "message": .string(cause.message)]
                if !cause.field.isEmpty { fields["field"] = .string(cause.field) }
                return .object(fields)
            })
        }
        var status: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]),
            "status": "Failure", "message": .string(message), "code": .int(code),
        ]
        if !reason.isEmpty { status["reason"] = .string(reason) }
        if !details.isEmpty || emptyDetails { status["details"] = .object(details) }
        return .object(status)
    }

    public var description: String { "\(code) \(reason): \(message)" }
}
