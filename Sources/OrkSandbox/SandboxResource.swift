/// One REST resource served at one version — what discovery lists and what every store call names.
///
/// Several versions of a resource (CRD versions, `batch/v1` and `batch/v1beta1` cronjobs) are distinct
/// `SandboxResource` values that share one storage: the group and plural.
public struct SandboxResource: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    public var version: String
    /// The REST name, e.g. `deployments`.
    public var plural: String
    public var kind: String
    public var namespaced: Bool
    /// Whether `/status` is served, in which case writes to the main resource keep `.status` unchanged.
    public var hasStatusSubresource: Bool
    /// Whether a CustomResourceDefinition defines this resource (as opposed to a built-in).
    public var isCRDDefined: Bool
    /// The singular name (CRDs; empty for built-ins, as the real discovery reports them).
    public var singular: String
    public var shortNames: [String]
    public var categories: [String]

    public init(
        group: String, version: String, plural: String, kind: String, namespaced: Bool,
        hasStatusSubresource: Bool = false, isCRDDefined: Bool = false,
        singular: String = "", shortNames: [String] = [], categories: [String] = []
    ) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
        self.hasStatusSubresource = hasStatusSubresource
        self.isCRDDefined = isCRDDefined
        self.singular = singular
        self.shortNames = shortNames
        self.categories = categories
    }

    /// `v1` for the core group, otherwise `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The kind of a list of these objects, e.g. `ConfigMapList`.
    public var listKind: String { kind + "List" }

    /// The group-qualified resource name used in API messages, e.g. `deployments.apps` or `configmaps`.
    public var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The group-qualified kind used in some API messages, e.g. `Deployment.apps` or `ConfigMap`.
    public var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// The verbs discovery advertises for this resource.
    public var verbs: [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }

    /// The storage shared by every version of this resource.
    var storageKey: String { groupResource }

    public var description: String { "\(groupResource)/\(version)" }
}

/// An API group as discovery presents it: its served versions, preferred first.
public struct SandboxAPIGroup: Sendable, Hashable {
    public var name: String
    /// Served versions in priority order; the first is the preferred version.
    public var versions: [String]
    public var preferredVersion: String { versions.first ?? "" }
}
