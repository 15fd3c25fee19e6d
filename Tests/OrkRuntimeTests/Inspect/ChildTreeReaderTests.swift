import Foundation
import OrkKatalog
import OrkValue
import OrkKube
import OrkSandbox
import Testing
@testable import OrkRuntime

/// ChildTreeReader against the embedded sandbox: children by owner-uid label, a Deployment's
/// ReplicaSets by ownerReferences, their Pods below them, readiness and reasons, ordering.
@Suite struct ChildTreeReaderTests {
    static let crUID = "5b0c7d1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f"
    static let ownerLabel: JSONValue = [.init(stringLiteral: OrkNames.ownerUIDLabel): .string(crUID)]

    static func labels(_ extra: [String: JSONValue] = [:]) -> JSONValue {
        var labels = extra
        labels[OrkNames.ownerUIDLabel] = .string(crUID)
        return .object(labels)
    }

    /// Builds the objects of a CR's children in the sandbox (plus decoys that must not show).
    static func populate(_ cluster: SandboxCluster) async throws {
        typealias O = TreeObjects
        let deployment = try await cluster.create(SandboxCluster.deployments, [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": O.metadata("web", labels: labels(["app": "web"])),
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]], "template": O.podTemplate(["app": "web"])],
        ])
        try await cluster.setStatus(SandboxCluster.deployments, "web", ["replicas": 2, "readyReplicas": 1])
        let deploymentOwner = O.owner(deployment, kind: "Deployment", apiVersion: "apps/v1")
        let rsLabels: JSONValue = ["app": "web", "pod-template-hash": "5d4f8"]
        let current = try await cluster.create(SandboxCluster.replicaSets, [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": O.metadata("web-5d4f8", labels: rsLabels, owner: deploymentOwner),
            "spec": ["replicas": 2, "selector": ["matchLabels": rsLabels], "template": O.podTemplate(rsLabels)],
        ])
        try await cluster.setStatus(SandboxCluster.replicaSets, "web-5d4f8", ["replicas": 2, "readyReplicas": 1])
        let oldLabels: JSONValue = ["app": "web", "pod-template-hash": "77aa1"]
        let old = try await cluster.create(SandboxCluster.replicaSets, [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": O.metadata("web-77aa1", labels: oldLabels, owner: deploymentOwner),
            "spec": ["replicas": 0, "selector": ["matchLabels": oldLabels], "template": O.podTemplate(oldLabels)],
        ])
        // A ReplicaSet matching the selector but owned by nobody: not in the tree.
        try await cluster.create(SandboxCluster.replicaSets, [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": O.metadata("web-stray", labels: ["app": "web", "pod-template-hash": "0"]),
            "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "web"]], "template": O.podTemplate(["app": "web"])],
        ])
        let rsOwner = O.owner(current, kind: "ReplicaSet", apiVersion: "apps/v1")
        try await cluster.create(SandboxCluster.pods, O.pod("web-5d4f8-b2", labels: rsLabels, owner: rsOwner))
        try await cluster.setStatus(SandboxCluster.pods, "web-5d4f8-b2", [
            "phase": "Pending",
            "containerStatuses": [["name": "web", "ready": false, "state": ["waiting": ["reason": "ImagePullBackOff"]]]],
        ])
        try await cluster.create(SandboxCluster.pods, O.pod("web-5d4f8-a1", labels: rsLabels, owner: rsOwner))
        try await cluster.setStatus(SandboxCluster.pods, "web-5d4f8-a1", [
            "phase": "Running", "conditions": [["type": "Ready", "status": "True"]],
        ])
        // A pod of the old ReplicaSet's labels owned by it, and one with matching labels owned by another.
        try await cluster.create(SandboxCluster.pods, O.pod("web-77aa1-z", labels: oldLabels,
                                                             owner: O.owner(old, kind: "ReplicaSet", apiVersion: "apps/v1")))
        try await cluster.create(SandboxCluster.pods, O.pod("web-5d4f8-foreign", labels: rsLabels,
                                                             owner: O.owner(deployment, kind: "Deployment", apiVersion: "apps/v1")))

        try await cluster.create(SandboxCluster.configMaps, [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": O.metadata("web-config", labels: labels()), "data": ["a": "b"],
        ])
        try await cluster.create(SandboxCluster.configMaps, [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": O.metadata("someone-else", labels: [.init(stringLiteral: OrkNames.ownerUIDLabel): "other-uid"]),
        ])
        try await cluster.create(SandboxCluster.services, [
            "apiVersion": "v1", "kind": "Service", "metadata": O.metadata("web-svc", labels: labels()),
            "spec": ["selector": ["app": "web"], "ports": [["port": 80, "targetPort": 8080]]],
        ])
        let job = try await cluster.create(SandboxCluster.jobs, [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": O.metadata("migrate", labels: labels()),
            "spec": ["template": ["metadata": ["labels": ["job": "migrate"]],
                                  "spec": ["restartPolicy": "Never", "containers": [["name": "m", "image": "busybox"]]]]],
        ])
        try await cluster.setStatus(SandboxCluster.jobs, "migrate", ["succeeded": 1, "conditions": [["type": "Complete", "status": "True"]]])
        try await cluster.create(SandboxCluster.pods, O.pod("migrate-q9", labels: ["job": "migrate"],
                                                             owner: O.owner(job, kind: "Job", apiVersion: "batch/v1")))
        try await cluster.setStatus(SandboxCluster.pods, "migrate-q9", ["phase": "Succeeded"])
        try await cluster.create(SandboxCluster.claims, [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": O.metadata("data", labels: labels()),
            "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
        ])
        try await cluster.setStatus(SandboxCluster.claims, "data", ["phase": "Pending"])
    }

    /// `kind/name ready reason` lines, indented by depth: the tree's shape at a glance.
    static func outline(_ nodes: [ChildTreeNode], depth: Int = 0) -> [String] {
        nodes.flatMap { node -> [String] in
            let replicas = node.replicasDesired.map { " [\(node.replicasReady ?? -1)/\($0)]" } ?? ""
            let line = String(repeating: "  ", count: depth)
                + "\(node.kind)/\(node.name) \(node.ready ? "ready" : "not-ready") \(node.reason ?? "-")\(replicas)"
            return [line] + outline(node.children, depth: depth + 1)
        }
    }

    @Test func readsTheTreeWithReadiness() async throws {
        try await SandboxCluster.run { cluster in
            try await Self.populate(cluster)
            let unserved = SandboxCluster.resource("widgets.example.com", "v1", "widgets", "Widget")
            let reader = ChildTreeReader(client: cluster.client, resources: [
                SandboxCluster.services, SandboxCluster.deployments, SandboxCluster.configMaps, SandboxCluster.jobs,
                SandboxCluster.claims, SandboxCluster.clusterRoles, unserved,
            ])
            let tree = try await reader.tree(ownerUID: Self.crUID, namespace: cluster.namespace)
            #expect(Self.outline(tree) == [
                "ConfigMap/web-config ready -",
                "Deployment/web not-ready 1/2 ready [1/2]",
                "  ReplicaSet/web-5d4f8 not-ready 1/2 ready [1/2]",
                "    Pod/web-5d4f8-a1 ready Running",
                "    Pod/web-5d4f8-b2 not-ready ImagePullBackOff",
                "  ReplicaSet/web-77aa1 ready 0/0 ready [0/0]",
                "    Pod/web-77aa1-z not-ready Pending",
                "Job/migrate ready Complete",
                "  Pod/migrate-q9 ready Succeeded",
                "PersistentVolumeClaim/data not-ready Pending",
                "Service/web-svc ready -",
            ])
            let deployment = try #require(tree.first { $0.kind == "Deployment" })
            #expect(deployment.apiVersion == "apps/v1")
            #expect(deployment.namespace == cluster.namespace)
            #expect(!deployment.uid.isEmpty)
            #expect(deployment.children.first?.children.first?.apiVersion == "v1")
        }
    }

    @Test func noChildrenIsAnEmptyTree() async throws {
        try await SandboxCluster.run { cluster in
            let reader = ChildTreeReader(client: cluster.client, resources: [SandboxCluster.deployments, SandboxCluster.configMaps])
            let tree = try await reader.tree(ownerUID: "nobody", namespace: cluster.namespace)
            #expect(tree.isEmpty)
        }
    }

    @Test func clusterScopedOwnerFindsChildrenInEveryNamespace() async throws {
        try await SandboxCluster.run { cluster in
            try await cluster.create(SandboxCluster.configMaps, [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": TreeObjects.metadata("tenant-config", labels: Self.labels()),
            ])
            _ = try await cluster.client.create(SandboxCluster.clusterRoles, namespace: nil, [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": TreeObjects.metadata("tenant-reader", labels: Self.labels()), "rules": [],
            ])
            let reader = ChildTreeReader(client: cluster.client, resources: [SandboxCluster.configMaps, SandboxCluster.clusterRoles])
            let tree = try await reader.tree(ownerUID: Self.crUID, namespace: nil)
            #expect(Self.outline(tree) == ["ClusterRole/tenant-reader ready -", "ConfigMap/tenant-config ready -"])
            #expect(tree.first?.namespace == nil)
            #expect(tree.last?.namespace == cluster.namespace)
        }
    }

    @Test func aFailingListFailsTheRead() async throws {
        try await SandboxCluster.run { cluster in
            await cluster.server.faults.add(.init(verb: "list", resource: "services", code: 403))
            let reader = ChildTreeReader(client: cluster.client, resources: [SandboxCluster.configMaps, SandboxCluster.services])
            let error = await #expect(throws: KubeError.self) {
                try await reader.tree(ownerUID: Self.crUID, namespace: cluster.namespace)
            }
            #expect(error?.kind == .forbidden)
        }
    }
}
