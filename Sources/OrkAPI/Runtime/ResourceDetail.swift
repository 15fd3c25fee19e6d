import OrkCore

/// A runtime's `GET /katalog/{crd}/cr/{namespace}/{name}` body (docs/api.md §8): the CR, its
/// conditions, raw status and child-resource tree.
package struct ResourceDetail: Decodable, Sendable, Equatable {
    package var name: String
    package var namespace: String?
    package var uid: String?
    package var generation: Int?
    package var observedGeneration: Int?
    package var creationTimestamp: String?
    package var labels: [String: String]
    package var ready: Bool
    package var readyReason: String?
    package var readyMessage: String?
    package var conditions: [Condition]
    package var status: JSONDocument
    package var children: [ChildNode]
    package var childrenError: String?

    /// One `status.conditions` entry, as stored (every field optional).
    package struct Condition: Decodable, Sendable, Equatable {
        package var type: String?
        package var status: String?
        package var reason: String?
        package var message: String?
        package var lastTransitionTime: String?
    }
}

/// One node of a CR's child tree (docs/api.md §8, "Child node").
package struct ChildNode: Decodable, Sendable, Equatable {
    package var apiVersion: String?
    package var kind: String
    package var name: String
    package var namespace: String?
    package var ready: Bool
    package var reason: String?
    package var replicas: Replicas?
    package var children: [ChildNode]

    package init(apiVersion: String?, kind: String, name: String, namespace: String?, ready: Bool, reason: String?,
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
    package struct Replicas: Decodable, Sendable, Equatable {
        package var ready: Int
        package var desired: Int
    }
}
