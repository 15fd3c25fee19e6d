import OrkTemplate
import OrkValue

/// One entry of `spec.crds`: a CRD and the complete operator Orkestra runs for it.
public struct CRDEntry: Sendable, Hashable {
    /// The Katalog key (a lowercase DNS label); it names the CRD in the HTTP API (`/katalog/<key>`).
    public var key: String
    public var description: String?
    public var crdFile: String?
    /// What the CRD is: from `crdFile`, else from `apiTypes`.
    public var api: CRDInfo
    public var crFiles: [String]
    public var dependsOn: [Dependency]
    public var validation: [ValidationRule]
    public var mutation: MutationSettings
    public var conversion: ConversionSettings?
    public var operatorBox: OperatorBox
    /// `namespace`: the CR informer watches only this namespace (a namespaced CRD; nil: all, or
    /// `WATCH_NAMESPACE`).
    public var namespace: String?
    /// `labelSelector`: only CRs carrying all these labels are watched and reconciled.
    public var labelSelector: [String: String]
    /// The CRD's own `allowedNamespaces`/`restrictedNamespaces` (see `Katalog.namespaceRules(for:)`
    /// for the effective rules, merged with `spec.security.namespaceProtection`).
    public var namespaceRules: NamespaceRules
    public var position: SourcePosition?

    public init(key: String, description: String? = nil, crdFile: String? = nil, api: CRDInfo, crFiles: [String] = [],
                dependsOn: [Dependency] = [], validation: [ValidationRule] = [], mutation: MutationSettings = .init(),
                conversion: ConversionSettings? = nil, operatorBox: OperatorBox = .init(), namespace: String? = nil,
                labelSelector: [String: String] = [:], namespaceRules: NamespaceRules = .init(), position: SourcePosition? = nil) {
        self.key = key
        self.description = description
        self.crdFile = crdFile
        self.api = api
        self.crFiles = crFiles
        self.dependsOn = dependsOn
        self.validation = validation
        self.mutation = mutation
        self.conversion = conversion
        self.operatorBox = operatorBox
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.namespaceRules = namespaceRules
        self.position = position
    }
}

extension CRDEntry {
    /// `labelSelector` as the API server takes it: `key=value` pairs, sorted, comma-separated; nil when empty.
    public var labelSelectorQuery: String? {
        labelSelector.isEmpty ? nil : labelSelector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

/// The identity of a custom resource type: group, versions, kind, plural and scope.
public struct CRDInfo: Sendable, Hashable {
    public var group: String
    public var kind: String
    public var plural: String
    public var singular: String?
    public var namespaced: Bool
    /// Served versions in the CRD's order; at least one.
    public var versions: [CRDVersion]
    /// The CRD's `openAPIV3Schema` per version name, when read from a crdFile.
    public var schemas: [String: JSONValue]

    public init(group: String, kind: String, plural: String, singular: String? = nil, namespaced: Bool = true,
                versions: [CRDVersion], schemas: [String: JSONValue] = [:]) {
        self.group = group
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.namespaced = namespaced
        self.versions = versions
        self.schemas = schemas
    }

    /// The version objects are stored in (the one marked `storage`, else the first).
    public var storageVersion: String {
        (versions.first { $0.storage } ?? versions.first)?.name ?? ""
    }

    /// `<plural>.<group>`, the CRD object's name.
    public var crdName: String { "\(plural).\(group)" }

    /// `<group>/<storage version>`.
    public var apiVersion: String { group.isEmpty ? storageVersion : "\(group)/\(storageVersion)" }

    public func hasVersion(_ name: String) -> Bool { versions.contains { $0.name == name } }
}

/// One version of a CRD.
public struct CRDVersion: Sendable, Hashable {
    public var name: String
    public var served: Bool
    public var storage: Bool
    public var statusSubresource: Bool

    public init(name: String, served: Bool = true, storage: Bool = false, statusSubresource: Bool = true) {
        self.name = name
        self.served = served
        self.storage = storage
        self.statusSubresource = statusSubresource
    }
}

/// A dependency on another CRD of the Katalog: this CRD starts once that one is `started` or `healthy`.
public struct Dependency: Sendable, Hashable {
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        case started, healthy
    }

    public var crd: String
    public var condition: Condition
    public var position: SourcePosition?

    public init(crd: String, condition: Condition = .started, position: SourcePosition? = nil) {
        self.crd = crd
        self.condition = condition
        self.position = position
    }
}

/// `mutation:` of a CRD entry.
public struct MutationSettings: Sendable, Hashable {
    /// Apply mutations before validation (default true: validate what will be stored).
    public var mutateFirst: Bool
    public var rules: [MutationRule]

    public init(mutateFirst: Bool = true, rules: [MutationRule] = []) {
        self.mutateFirst = mutateFirst
        self.rules = rules
    }
}

/// `conversion:` of a CRD entry: declared version-to-version paths served by the gateway's `/convert`.
public struct ConversionSettings: Sendable, Hashable {
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        case webhook = "Webhook"
        case none = "None"
    }

    public var strategy: Strategy
    public var paths: [ConversionPath]

    public init(strategy: Strategy = .webhook, paths: [ConversionPath] = []) {
        self.strategy = strategy
        self.paths = paths
    }
}

/// One conversion path: how to build the `to` version's `spec` from a `from` object. Fields of the
/// source the path does not mention are preserved.
public struct ConversionPath: Sendable, Hashable {
    public var from: String
    public var to: String
    /// The target spec: a tree whose string leaves may be templates over the source object.
    public var spec: JSONValue
    /// Source spec fields to drop (renamed or removed in the target version).
    public var drop: [String]
    public var position: SourcePosition?

    public init(from: String, to: String, spec: JSONValue = .object([:]), drop: [String] = [],
                position: SourcePosition? = nil) {
        self.from = from
        self.to = to
        self.spec = spec
        self.drop = drop
        self.position = position
    }
}
