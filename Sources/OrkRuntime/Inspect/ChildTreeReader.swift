import OrkKatalog
import OrkKube
import OrkValue

/// Reads a CR's child tree live from the API server: every object of the given child resources
/// labelled `orkestra.orkspace.io/owner-uid=<uid>`, and below them what they own — a
/// Deployment's ReplicaSets, and the Pods of ReplicaSets, StatefulSets and Jobs (matched by
/// `ownerReferences` UID). Lists run concurrently; nodes are sorted by kind, then name.
public struct ChildTreeReader: Sendable {
    public let client: KubeClient
    /// The child resources to look in (those the CRD's operatorBox declares).
    public let resources: [APIResource]

    public init(client: KubeClient, resources: [APIResource]) {
        self.client = client
        self.resources = resources
    }

    /// The tree of the CR with `ownerUID`; `namespace` is the CR's (nil for a cluster-scoped CR,
    /// whose namespaced children are then looked for in every namespace). A resource the server
    /// does not serve (404) has no children; any other failed list fails the whole read.
    public func tree(ownerUID: String, namespace: String?) async throws -> [ChildTreeNode] {
        let selector = "\(OrkNames.ownerUIDLabel)=\(ownerUID)"
        let client = self.client
        let found = try await withThrowingTaskGroup(of: [(APIResource, JSONValue)].self) { group in
            for resource in Set(resources) {
                group.addTask {
                    let scope = resource.namespaced ? namespace : nil
                    do {
                        let list = try await client.list(resource, namespace: scope, options: ListOptions(labelSelector: selector))
                        return list.items.map { (resource, $0) }
                    } catch let error as KubeError where error.kind == .notFound {
                        return []
                    }
                }
            }
            var all: [(APIResource, JSONValue)] = []
            for try await items in group { all += items }
            return all
        }
        return try await nodes(found)
    }

    /// Nodes for `objects`, each with its own children, built concurrently and sorted.
    func nodes(_ objects: [(APIResource, JSONValue)]) async throws -> [ChildTreeNode] {
        let built = try await withThrowingTaskGroup(of: ChildTreeNode.self) { group in
            for (resource, object) in objects {
                group.addTask { try await self.node(resource, object) }
            }
            var nodes: [ChildTreeNode] = []
            for try await node in group { nodes.append(node) }
            return nodes
        }
        return built.sorted { ($0.kind, $0.name, $0.namespace ?? "") < ($1.kind, $1.name, $1.namespace ?? "") }
    }

    func node(_ resource: APIResource, _ object: JSONValue) async throws -> ChildTreeNode {
        let readiness = ChildReadiness(kind: resource.kind, object: object)
        return ChildTreeNode(apiVersion: resource.apiVersion, kind: resource.kind, name: ObjectFields.name(object),
                         namespace: ObjectFields.namespace(object), uid: ObjectFields.uid(object),
                         ready: readiness.ready, reason: readiness.reason, replicasReady: readiness.replicasReady,
                         replicasDesired: readiness.replicasDesired, children: try await descendants(resource.kind, object))
    }

    /// ReplicaSets below a Deployment; Pods below ReplicaSets, StatefulSets and Jobs.
    func descendants(_ kind: String, _ object: JSONValue) async throws -> [ChildTreeNode] {
        switch kind {
        case "Deployment":
            let replicaSets = try await client.resource(group: "apps", kind: "ReplicaSet")
            return try await nodes(owned(by: object, in: replicaSets))
        case "ReplicaSet", "StatefulSet", "Job":
            let pods = try await client.resource(group: "", kind: "Pod")
            return try await nodes(owned(by: object, in: pods))
        default:
            return []
        }
    }

    /// Objects of `resource` in the owner's namespace whose ownerReferences name the owner's UID,
    /// narrowed by the owner's `spec.selector` when it has one.
    func owned(by owner: JSONValue, in resource: APIResource) async throws -> [(APIResource, JSONValue)] {
        let uid = ObjectFields.uid(owner)
        guard !uid.isEmpty else { return [] }
        let options = ListOptions(labelSelector: ObjectFields.selectorText(owner))
        let list = try await client.list(resource, namespace: ObjectFields.namespace(owner), options: options)
        return list.items.filter { ObjectFields.isOwned($0, by: uid) }.map { (resource, $0) }
    }
}
