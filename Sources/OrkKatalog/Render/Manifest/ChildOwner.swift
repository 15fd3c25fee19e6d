import OrkValue

/// The CR that owns a child: what its owner reference and owner labels are made from.
public struct ChildOwner: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    /// Nil for a cluster-scoped CR.
    public var namespace: String?
    public var uid: String
    /// With sharding: the CR's bucket, the member reconciling it and the bucket's epoch, carried
    /// onto every child (the bucket label, which the members' child caches select, and `member@epoch`).
    public var shard: Shard?

    /// The shard a CR is reconciled in.
    public struct Shard: Sendable, Hashable {
        public var bucket: Int
        public var member: String
        public var epoch: Int

        public init(bucket: Int, member: String, epoch: Int) {
            self.bucket = bucket
            self.member = member
            self.epoch = epoch
        }

        /// The `shard.orkestra.orkspace.io/writer` annotation's value.
        public var writer: String { "\(member)@\(epoch)" }
    }

    public init(apiVersion: String, kind: String, name: String, namespace: String?, uid: String, shard: Shard? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.shard = shard
    }

    /// Reads apiVersion, kind, metadata.name, metadata.namespace and metadata.uid from a CR object.
    public init(cr: JSONValue) throws(ChildRenderError) {
        func text(_ path: String) -> String? {
            guard let s = cr.value(atDotted: path)?.stringValue, !s.isEmpty else { return nil }
            return s
        }
        guard let apiVersion = text("apiVersion"), let kind = text("kind") else {
            throw ChildRenderError(field: "owner", message: "the CR has no apiVersion or kind")
        }
        guard let name = text("metadata.name"), let uid = text("metadata.uid") else {
            throw ChildRenderError(field: "owner", message: "the CR has no metadata.name or metadata.uid")
        }
        self.init(apiVersion: apiVersion, kind: kind, name: name, namespace: text("metadata.namespace"), uid: uid)
    }

    /// The `orkestra-owner` label value: the CR name, made label-safe (long names are cut and hashed).
    public var ownerLabelValue: String { KubernetesSyntax.labelValue(name) }

    /// The owner reference a child carries (controller, blocking owner deletion).
    public var ownerReference: JSONValue {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
         "controller": true, "blockOwnerDeletion": true]
    }
}
