import OrkValue

/// The complete Kubernetes object for one rendered child, ready for server-side apply.
public struct ChildManifest: Sendable, Hashable {
    /// The object: apiVersion, kind, metadata (labels, annotations with the child hash, owner
    /// references) and the kind's body.
    public var object: JSONValue
    /// The type the object is applied as (its version possibly overridden after discovery).
    public var resourceType: ResourceType
    public var name: String
    /// Nil for cluster-scoped objects.
    public var namespace: String?
    /// The `orkestra.orkspace.io/child-hash` annotation value.
    public var hash: String
    /// False when Kubernetes forbids an owner reference (a cluster-scoped child of a namespaced
    /// CR, or a child in another namespace): garbage collection will not remove it, so the
    /// runtime must delete it explicitly (found by its owner-uid label).
    public var ownerReferenced: Bool

    public var needsExplicitDeletion: Bool { !ownerReferenced }
}
