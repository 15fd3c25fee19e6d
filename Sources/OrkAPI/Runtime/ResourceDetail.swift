import OrkValue

/// A runtime's `GET /katalog/{crd}/cr/{namespace}/{name}` body (docs/api.md §8): the CR, its
/// conditions, raw status and child-resource tree.
package struct ResourceDetail: Codable, Sendable, Equatable {
    package var name: String
    package var namespace: String?
    package var uid: String?
    package var generation: Int?
    package var observedGeneration: Int?
    package var creationTimestamp: String?
    package var labels: [String: String]
    /// Without Orkestra's own annotations and kubectl's last-applied configuration.
    package var annotations: [String: String]
    package var ready: Bool
    package var readyReason: String?
    package var readyMessage: String?
    package var conditions: [ResourceCondition]
    package var status: JSONDocument
    package var children: [ChildNode]
    /// Why the child tree could not be read (then `children` is empty).
    package var childrenError: String?
    package var eventsEndpoint: String

    package init(name: String, namespace: String?, uid: String?, generation: Int?, observedGeneration: Int?,
                 creationTimestamp: String?, labels: [String: String], annotations: [String: String], ready: Bool,
                 readyReason: String?, readyMessage: String?, conditions: [ResourceCondition], status: JSONDocument,
                 children: [ChildNode], childrenError: String?, eventsEndpoint: String) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.generation = generation
        self.observedGeneration = observedGeneration
        self.creationTimestamp = creationTimestamp
        self.labels = labels
        self.annotations = annotations
        self.ready = ready
        self.readyReason = readyReason
        self.readyMessage = readyMessage
        self.conditions = conditions
        self.status = status
        self.children = children
        self.childrenError = childrenError
        self.eventsEndpoint = eventsEndpoint
    }
}

/// One `status.conditions` entry: the fields the Control Center shows (each optional, as stored)
/// and the entry exactly as stored, which is what the runtime writes back out.
package struct ResourceCondition: Codable, Sendable, Equatable {
    package var type: String?
    package var status: String?
    package var reason: String?
    package var message: String?
    package var lastTransitionTime: String?
    /// The whole entry, with fields the Control Center does not show.
    package var stored: JSONValue

    /// The condition as the CR stores it.
    package init(stored: JSONValue) {
        self.stored = stored
        type = stored["type"]?.stringValue
        status = stored["status"]?.stringValue
        reason = stored["reason"]?.stringValue
        message = stored["message"]?.stringValue
        lastTransitionTime = stored["lastTransitionTime"]?.stringValue
    }

    enum CodingKeys: String, CodingKey {
        case type, status, reason, message, lastTransitionTime
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        lastTransitionTime = try container.decodeIfPresent(String.self, forKey: .lastTransitionTime)
        stored = try JSONDocument(from: decoder).value
    }

    package func encode(to encoder: any Encoder) throws {
        try JSONDocument(stored).encode(to: encoder)
    }
}

/// One node of a CR's child tree (docs/api.md §8, "Child node").
package struct ChildNode: Codable, Sendable, Equatable {
    package var apiVersion: String
    package var kind: String
    package var name: String
    package var namespace: String?
    package var uid: String
    package var ready: Bool
    package var reason: String?
    /// Ready and desired replicas of workload kinds; null for other kinds.
    package var replicas: Replicas?
    package var children: [ChildNode]

    package init(apiVersion: String, kind: String, name: String, namespace: String?, uid: String, ready: Bool,
                 reason: String?, replicas: Replicas?, children: [ChildNode]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.ready = ready
        self.reason = reason
        self.replicas = replicas
        self.children = children
    }

    /// Ready and desired replicas of workload kinds.
    package struct Replicas: Codable, Sendable, Equatable {
        package var ready: Int
        package var desired: Int

        package init(ready: Int, desired: Int) {
            self.ready = ready
            self.desired = desired
        }
    }
}
