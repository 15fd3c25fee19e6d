import OrkValue

/// A secondary index of an informer's store: a name and a function giving the index values of an
/// object (zero, one or several), e.g. the UIDs of its owners.
public struct Indexer: Sendable {
    public var name: String
    public var values: @Sendable (JSONValue) -> [String]

    public init(name: String, values: @escaping @Sendable (JSONValue) -> [String]) {
        self.name = name
        self.values = values
    }

    /// Indexes objects by the UIDs in `metadata.ownerReferences[].uid`.
    public static let ownerUID = Indexer(name: "ownerUID") { object in
        (object.value(atDotted: "metadata.ownerReferences")?.arrayValue ?? []).compactMap { reference in
            guard let uid = reference["uid"]?.stringValue, !uid.isEmpty else { return nil }
            return uid
        }
    }

    /// Indexes objects by the value of one label (objects without it are not indexed).
    public static func label(_ key: String, name: String? = nil) -> Indexer {
        Indexer(name: name ?? "label:\(key)") { object in
            guard let value = object["metadata"]?["labels"]?[key]?.stringValue else { return [] }
            return [value]
        }
    }

    /// Indexes objects by the `orkestra.orkspace.io/owner-uid` label Orkestra puts on the children it renders.
    public static let orkestraOwnerUID = label("orkestra.orkspace.io/owner-uid", name: "orkestraOwnerUID")

    /// Indexes objects by namespace (cluster-scoped objects under "").
    public static let namespace = Indexer(name: "namespace") { object in
        [object.value(atDotted: "metadata.namespace")?.stringValue ?? ""]
    }
}
