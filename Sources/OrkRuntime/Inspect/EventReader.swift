import OrkAPI
import OrkKube
import OrkValue

/// Reads the Kubernetes events of one object (a CR) live: core `v1` events whose
/// `involvedObject.uid` is the object's, in its namespace (every namespace for a cluster-scoped
/// object), at most 100, as the API's event JSON, newest first.
public struct EventReader: Sendable {
    public static let limit = 100
    public let client: KubeClient

    public init(client: KubeClient) {
        self.client = client
    }

    /// The events of the object with `uid` in `namespace`, mapped by ``EventJSON``, newest first.
    package func events(uid: String, namespace: String?) async throws -> [ResourceEvents.Event] {
        let resource = try await client.resource(apiVersion: "v1", kind: "Event")
        let options = ListOptions(fieldSelector: "involvedObject.uid=\(uid)", limit: Self.limit)
        let list = try await client.list(resource, namespace: namespace, options: options)
        return EventJSON.newestFirst(list.items)
    }

    /// The events of a CR object (its `metadata.uid` and `metadata.namespace`).
    package func events(of object: JSONValue) async throws -> [ResourceEvents.Event] {
        try await events(uid: ObjectFields.uid(object), namespace: ObjectFields.namespace(object))
    }
}
