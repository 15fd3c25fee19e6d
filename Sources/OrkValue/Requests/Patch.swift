/// A Kubernetes PATCH: its body and content type, one definition for the client (OrkKube) and the
/// sandbox (which serves strategic merge patches as merge patches).
public enum Patch: Sendable, Hashable {
    /// RFC 7386 JSON merge patch.
    case merge(JSONValue)
    /// RFC 6902 JSON patch operations.
    case json([JSONValue])
    /// Server-side apply of a full intent, owned by `fieldManager`; `force` takes over conflicting fields.
    case apply(JSONValue, fieldManager: String, force: Bool)

    /// The `Content-Type` of the request.
    public var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        case .apply: return "application/apply-patch+yaml"
        }
    }

    /// The request body.
    public var body: [UInt8] {
        switch self {
        case .merge(let value): return Array(value.serialized().utf8)
        case .json(let operations): return Array(JSONValue.array(operations).serialized().utf8)
        case .apply(let value, _, _): return Array(value.serialized().utf8)  // JSON is YAML
        }
    }

    /// The query parameters: server-side apply's field manager and force.
    public var query: [(String, String)] {
        if case .apply(_, let manager, let force) = self {
            return [("fieldManager", manager), ("force", force ? "true" : "false")]
        }
        return []
    }
}
