import OrkAPI
import OrkKube
import OrkValue

extension Runtime: RuntimeInspector {
    /// The CR's child tree, read live: its managed children (every child resource of the CRD,
    /// found by owner-uid label) and what they own (ReplicaSets, Pods).
    public func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode] {
        guard let controller = controller(crd),
              let uid = customResource.value(atDotted: "metadata.uid")?.stringValue else { return [] }
        let reader = ChildTreeReader(client: client, resources: controller.childResources)
        return try await reader.tree(ownerUID: uid,
                                     namespace: customResource.value(atDotted: "metadata.namespace")?.stringValue)
    }

    /// The CR's events, newest first.
    package func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event] {
        try await EventReader(client: client).events(of: customResource)
    }
}
