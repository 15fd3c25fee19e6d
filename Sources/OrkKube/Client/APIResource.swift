/// A REST resource of the API server, as discovery describes it.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    /// Empty for the core group.
    public var group: String
    public var version: String
    /// The plural resource name (`deployments`).
    public var resource: String
    public var kind: String
    public var namespaced: Bool
    public var verbs: [String]

    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool, verbs: [String] = []) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
        self.verbs = verbs
    }

    /// `apps/v1` or `v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps/v1`, for logs.
    public var description: String { group.isEmpty ? "\(resource)/\(version)" : "\(resource).\(group)/\(version)" }

    /// The URL path of a collection, an object or an object's subresource. A nil namespace on a
    /// namespaced resource addresses all namespaces (list/watch).
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(Self.segment(namespace))" }
        path += "/\(resource)"
        if let name { path += "/\(Self.segment(name))" }
        if let subresource { path += "/\(subresource)" }
        return path
    }

    /// A path segment with anything outside the name alphabet percent-encoded.
    static func segment(_ text: String) -> String {
        KubeRequest.escape(text)
    }
}
