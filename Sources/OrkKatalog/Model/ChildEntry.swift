import OrkTemplate
import OrkValue

/// One declared child resource: its kind, name, conditions and kind-specific fields, each of
/// which may hold `{{ }}` templates rendered per CR.
public struct ChildEntry: Sendable, Hashable {
    public var kind: ChildKind
    /// A template; nil means `<cr name><kind suffix>`.
    public var name: String?
    /// A template; nil means the CR's namespace.
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var conditions: ConditionSet
    /// For onCreate entries: also apply on every cycle (drift correction).
    public var reconcile: Bool
    public var forEach: ForEach?
    /// The kind-specific keys as written (see `ChildKind.fields`).
    public var fields: [String: JSONValue]
    public var position: SourcePosition?

    public init(kind: ChildKind, name: String? = nil, namespace: String? = nil, labels: [String: String] = [:],
                annotations: [String: String] = [:], conditions: ConditionSet = .init(), reconcile: Bool = false,
                forEach: ForEach? = nil, fields: [String: JSONValue] = [:], position: SourcePosition? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.conditions = conditions
        self.reconcile = reconcile
        self.forEach = forEach
        self.fields = fields
        self.position = position
    }

    /// The name template used for this entry (explicit or the kind's default).
    public var nameTemplate: String {
        name ?? "{{ .metadata.name }}\(kind.defaultNameSuffix)"
    }
}

/// `forEach:` on a child entry: one child per element of the list (or key of the map) at `field`,
/// exposed to templates as `.item` (and `.<as>` when `as` is given; `.value` for map values).
public struct ForEach: Sendable, Hashable {
    public var field: String
    public var alias: String?

    public init(field: String, alias: String? = nil) {
        self.field = field
        self.alias = alias
    }
}
