import Foundation
import OrkKube
import OrkSandbox
import OrkValue

/// The embedded sandbox API server and a client for it, with one fresh namespace.
struct SandboxCluster: Sendable {
    let server: SandboxServer
    let client: KubeClient
    let namespace: String

    static func resource(_ group: String, _ version: String, _ plural: String, _ kind: String,
                         namespaced: Bool = true) -> APIResource {
        APIResource(group: group, version: version, resource: plural, kind: kind, namespaced: namespaced)
    }

    static let namespaces = resource("", "v1", "namespaces", "Namespace", namespaced: false)
    static let deployments = resource("apps", "v1", "deployments", "Deployment")
    static let replicaSets = resource("apps", "v1", "replicasets", "ReplicaSet")
    static let statefulSets = resource("apps", "v1", "statefulsets", "StatefulSet")
    static let pods = resource("", "v1", "pods", "Pod")
    static let configMaps = resource("", "v1", "configmaps", "ConfigMap")
    static let services = resource("", "v1", "services", "Service")
    static let jobs = resource("batch", "v1", "jobs", "Job")
    static let claims = resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim")
    static let events = resource("", "v1", "events", "Event")
    static let clusterRoles = resource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false)

    /// Runs `body` against a fresh sandbox, then stops it.
    static func run(_ body: (SandboxCluster) async throws -> Void) async throws {
        let server = SandboxServer(store: try SandboxStore())
        try await server.start()
        let client = try KubeClient(config: KubeConfig(server: server.url, source: "sandbox", qps: 500, burst: 500))
        let cluster = SandboxCluster(server: server, client: client, namespace: "ork-tree")
        do {
            _ = try await client.create(namespaces, namespace: nil,
                                        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "ork-tree"]])
            try await body(cluster)
        } catch {
            await client.shutdown()
            await server.stop()
            throw error
        }
        await client.shutdown()
        await server.stop()
    }

    /// Creates `object` of `resource` in the namespace and returns it as stored (with its uid).
    @discardableResult
    func create(_ resource: APIResource, _ object: JSONValue) async throws -> JSONValue {
        try await client.create(resource, namespace: resource.namespaced ? namespace : nil, object)
    }

    /// Merge-patches the status subresource.
    func setStatus(_ resource: APIResource, _ name: String, _ status: JSONValue) async throws {
        _ = try await client.patch(resource, namespace: resource.namespaced ? namespace : nil, name: name,
                                   .merge(["status": status]), subresource: "status")
    }
}

/// Object builders for the tree tests.
enum TreeObjects {
    static func metadata(_ name: String, labels: JSONValue = [:], owner: JSONValue? = nil) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name), "labels": labels]
        if let owner { metadata["ownerReferences"] = [owner] }
        return .object(metadata)
    }

    static func owner(_ object: JSONValue, kind: String, apiVersion: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "controller": true,
            "name": object.value(atDotted: "metadata.name") ?? "", "uid": object.value(atDotted: "metadata.uid") ?? "",
        ]
    }

    static func podTemplate(_ labels: JSONValue) -> JSONValue {
        ["metadata": ["labels": labels], "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]]]
    }

    static func pod(_ name: String, labels: JSONValue, owner: JSONValue) -> JSONValue {
        ["apiVersion": "v1", "kind": "Pod", "metadata": metadata(name, labels: labels, owner: owner),
         "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]]]
    }
}
