import OrkAPI
import OrkKube
import OrkValue

/// `GET /katalog/{crd}/cr/{ns}/{name}` (or `/cr/{name}` for cluster-scoped CRDs): the CR from the
/// cache with its readiness, conditions, raw status and live child tree. A failed child-tree read
/// still answers 200 with the CR, `children: []` and the failure in `childrenError`.
enum ResourceDetailResponse {
    static let hiddenAnnotationPrefix = "orkestra.orkspace.io/"
    static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    static func respond(_ crd: CRDSnapshot, object: JSONValue, inspector: any RuntimeInspector,
                        timeout: Duration, _ context: ResponseContext) async -> APIResponse {
        let key = crd.key
        let tree = await LiveRead.run(timeout: timeout) { try await inspector.childTree(crd: key, customResource: object) }
        var children: [ChildNode] = []
        var childrenError: String?
        switch tree {
        case .success(let nodes): children = nodes.map(ChildNode.init)
        case .failure(let failure): childrenError = failure.message
        }
        let readiness = ResourceReadiness(object)
        let namespace = object.value(atDotted: "metadata.namespace")?.stringValue
        let name = object.value(atDotted: "metadata.name")?.stringValue ?? ""
        return context.json(200, ResourceDetail(
            name: name, namespace: namespace, uid: object.value(atDotted: "metadata.uid")?.stringValue,
            generation: object.value(atDotted: "metadata.generation")?.intValue,
            observedGeneration: object.value(atDotted: "status.observedGeneration")?.intValue,
            creationTimestamp: object.value(atDotted: "metadata.creationTimestamp")?.stringValue,
            labels: strings(object.value(atDotted: "metadata.labels")?.objectValue ?? [:]),
            annotations: strings(visibleAnnotations(object)), ready: readiness.ready, readyReason: readiness.reason,
            readyMessage: readiness.message,
            conditions: (object.value(atDotted: "status.conditions")?.arrayValue ?? []).map(ResourceCondition.init(stored:)),
            status: JSONDocument(.object(object["status"]?.objectValue ?? [:])), children: children,
            childrenError: childrenError, eventsEndpoint: eventsEndpoint(crd: key, namespace: namespace, name: name)))
    }

    /// The CR's annotations without Orkestra's own and kubectl's last-applied configuration.
    static func visibleAnnotations(_ object: JSONValue) -> [String: JSONValue] {
        (object.value(atDotted: "metadata.annotations")?.objectValue ?? [:]).filter { key, _ in
            !key.hasPrefix(hiddenAnnotationPrefix) && key != lastAppliedAnnotation
        }
    }

    /// Label and annotation values are strings in Kubernetes; anything else is left out.
    static func strings(_ fields: [String: JSONValue]) -> [String: String] {
        fields.compactMapValues(\.stringValue)
    }

    static func eventsEndpoint(crd: String, namespace: String?, name: String) -> String {
        let scope = namespace.map { "\(KubeRequest.escape($0))/" } ?? ""
        return "/katalog/\(KubeRequest.escape(crd))/cr/\(scope)\(KubeRequest.escape(name))/events"
    }
}

extension ChildNode {
    /// A child-tree node as the API writes it; `replicas` only for workloads.
    init(_ node: ChildTreeNode) {
        var replicas: Replicas?
        if node.replicasReady != nil || node.replicasDesired != nil {
            replicas = Replicas(ready: node.replicasReady ?? 0, desired: node.replicasDesired ?? 0)
        }
        self.init(apiVersion: node.apiVersion, kind: node.kind, name: node.name, namespace: node.namespace, uid: node.uid,
                  ready: node.ready, reason: node.reason, replicas: replicas, children: node.children.map(ChildNode.init))
    }
}
