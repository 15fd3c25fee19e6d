import OrkValue

/// The identity of an object in an informer's store: its namespace (empty for cluster-scoped
/// objects) and name, printed as `namespace/name` like client-go's cache keys.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String = "", name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of `object`, or nil when it has no `metadata.name`.
    public init?(of object: JSONValue) {
        guard let name = object.value(atDotted: "metadata.name")?.stringValue, !name.isEmpty else { return nil }
        self.init(namespace: object.value(atDotted: "metadata.namespace")?.stringValue ?? "", name: name)
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

extension JSONValue {
    /// `metadata.resourceVersion`, or "" when absent.
    var resourceVersion: String { value(atDotted: "metadata.resourceVersion")?.stringValue ?? "" }
    /// `metadata.uid`, or "" when absent.
    var uid: String { value(atDotted: "metadata.uid")?.stringValue ?? "" }
}
