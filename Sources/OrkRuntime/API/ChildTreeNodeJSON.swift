import OrkCore

/// A child-tree node as JSON: `{apiVersion, kind, name, namespace, uid, ready, reason, replicas,
/// children}`; `replicas` is `{ready, desired}` for workloads and null otherwise.
enum ChildTreeNodeJSON {
    static func json(_ node: ChildTreeNode) -> JSONValue {
        var replicas: JSONValue = .null
        if node.replicasReady != nil || node.replicasDesired != nil {
            replicas = ["ready": .int(node.replicasReady ?? 0), "desired": .int(node.replicasDesired ?? 0)]
        }
        return [
            "apiVersion": .string(node.apiVersion),
            "kind": .string(node.kind),
            "name": .string(node.name),
            "namespace": APIFormat.string(node.namespace),
            "uid": .string(node.uid),
            "ready": .bool(node.ready),
            "reason": APIFormat.string(node.reason),
            "replicas": replicas,
            "children": .array(node.children.map(json)),
        ]
    }
}
