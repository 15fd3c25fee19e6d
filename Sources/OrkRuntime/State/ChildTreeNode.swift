/// One node of a CR's child-resource tree: a child the runtime manages (or an object such a child
/// owns, like a Deployment's ReplicaSets and their Pods), with its readiness.
public struct ChildTreeNode: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    /// Nil for cluster-scoped objects.
    public var namespace: String?
    public var uid: String
    public var ready: Bool
    /// Why it is not ready (or a short state such as `Complete`), when known.
    public var reason: String?
    /// Ready and desired replicas for workloads (Deployments, StatefulSets, ReplicaSets).
    public var replicasReady: Int?
    public var replicasDesired: Int?
    public var children: [ChildTreeNode]

    public init(apiVersion: String, kind: String, name: String, namespace: String?, uid: String, ready: Bool,
                reason: String? = nil, replicasReady: Int? = nil, replicasDesired: Int? = nil,
                children: [ChildTreeNode] = []) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.ready = ready
        self.reason = reason
        self.replicasReady = replicasReady
        self.replicasDesired = replicasDesired
        self.children = children
    }
}
