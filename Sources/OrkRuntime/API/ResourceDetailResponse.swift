import OrkCore
import OrkKube

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
        var children: JSONValue = []
        var childrenError: JSONValue = .null
        switch tree {
        case .success(let nodes): children = .array(nodes.map(ChildTreeNodeJSON.json))
        case .failure(let failure): childrenError = .string(failure.message)
        }
        let readiness = ResourceReadiness(object)
        let namespace = object.value(atDotted: "metadata.namespace")?.stringValue
        let name = object.value(atDotted: "metadata.name")?.stringValue ?? ""
        return context.json(200, [
            "name": .string(name),
            "namespace": APIFormat.string(namespace),
            "uid": APIFormat.string(object.value(atDotted: "metadata.uid")?.stringValue),
            "generation": APIFormat.int(object.value(atDotted: "metadata.generation")?.intValue),
            "observedGeneration": APIFormat.int(object.value(atDotted: "status.observedGeneration")?.intValue),
            "creationTimestamp": APIFormat.string(object.value(atDotted: "metadata.creationTimestamp")?.stringValue),
            "labels": .object(object.value(atDotted: "metadata.labels")?.objectValue ?? [:]),
            "annotations": .object(visibleAnnotations(object)),
            "ready": .bool(readiness.ready),
            "readyReason": APIFormat.string(readiness.reason),
            "readyMessage": APIFormat.string(readiness.message),
            "conditions": .array(object.value(atDotted: "status.conditions")?.arrayValue ?? []),
            "status": .object(object["status"]?.objectValue ?? [:]),
            "children": children,
            "childrenError": childrenError,
            "eventsEndpoint": .string(eventsEndpoint(crd: key, namespace: namespace, name: name)),
        ])
    }

    /// The CR's annotations without Orkestra's own and kubectl's last-applied configuration.
    static func visibleAnnotations(_ object: JSONValue) -> [String: JSONValue] {
        (object.value(atDotted: "metadata.annotations")?.objectValue ?? [:]).filter { key, _ in
            !key.hasPrefix(hiddenAnnotationPrefix) && key != lastAppliedAnnotation
        }
    }

    static func eventsEndpoint(crd: String, namespace: String?, name: String) -> String {
        let scope = namespace.map { "\(KubeRequest.escape($0))/" } ?? ""
        return "/katalog/\(KubeRequest.escape(crd))/cr/\(scope)\(KubeRequest.escape(name))/events"
    }
}
