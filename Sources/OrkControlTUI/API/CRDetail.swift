import OrkCore

/// A runtime's `GET /katalog/{crd}/cr/{namespace}/{name}` body (docs/api.md §8): the CR, its
/// conditions, raw status and child-resource tree.
public struct CRDetail: Decodable, Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var uid: String?
    public var generation: Int?
    public var observedGeneration: Int?
    public var creationTimestamp: String?
    public var labels: [String: String]
    public var ready: Bool
    public var readyReason: String?
    public var readyMessage: String?
    public var conditions: [Condition]
    public var status: JSONDocument
    public var children: [ChildNode]
    public var childrenError: String?

    /// One `status.conditions` entry, as stored (every field optional).
    public struct Condition: Decodable, Sendable, Equatable {
        public var type: String?
        public var status: String?
        public var reason: String?
        public var message: String?
        public var lastTransitionTime: String?
    }
}

/// One node of a CR's child tree (docs/api.md §8, "Child node").
public struct ChildNode: Decodable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String
    public var name: String
    public var namespace: String?
    public var ready: Bool
    public var reason: String?
    public var replicas: Replicas?
    public var children: [ChildNode]

    public init(apiVersion: String?, kind: String, name: String, namespace: String?, ready: Bool, reason: String?,
                replicas: Replicas?, children: [ChildNode]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.ready = ready
        self.reason = reason
        self.replicas = replicas
        self.children = children
    }

    /// Ready and desired replicas of workload kinds.
    public struct Replicas: Decodable, Sendable, Equatable {
        public var ready: Int
        public var desired: Int
    }
}
