import OrkTemplate
import OrkValue

/// `operatorBox:` of a CRD entry: how the operator for this CRD reconciles its resources.
public struct OperatorBox: Sendable, Hashable {
    public var reconciler: ReconcilerSettings
    /// Children created when missing (applied on every cycle when the entry says `reconcile: true`).
    public var onCreate: [ChildEntry]
    /// Children applied every cycle (drift correction).
    public var onReconcile: [ChildEntry]
    public var onDelete: DeleteSettings
    public var status: StatusSettings
    /// Finalizers added to every CR besides `orkestra.orkspace.io/cleanup`.
    public var finalizers: [String]

    public init(reconciler: ReconcilerSettings = .init(), onCreate: [ChildEntry] = [], onReconcile: [ChildEntry] = [],
                onDelete: DeleteSettings = .init(), status: StatusSettings = .init(), finalizers: [String] = []) {
        self.reconciler = reconciler
        self.onCreate = onCreate
        self.onReconcile = onReconcile
        self.onDelete = onDelete
        self.status = status
        self.finalizers = finalizers
    }

    /// Every child entry, in onCreate, onReconcile, onDelete order.
    public var allChildren: [ChildEntry] {
        onCreate + onReconcile + onDelete.allChildren
    }
}

/// `operatorBox.reconciler`: worker pool, resync and queue settings as the Katalog writes them. Nil
/// fields take the process defaults; ``ReconcilerDefaults/resolve(_:)`` is the one place that decides.
public struct ReconcilerSettings: Sendable, Hashable {
    public var workers: Int?
    public var resync: KatalogDuration?
    public var maxDepth: Int?
    public var failureThreshold: Int?

    public init(workers: Int? = nil, resync: KatalogDuration? = nil, maxDepth: Int? = nil, failureThreshold: Int? = nil) {
        self.workers = workers
        self.resync = resync
        self.maxDepth = maxDepth
        self.failureThreshold = failureThreshold
    }
}

/// `operatorBox.onDelete`: what runs when a CR is deleted, before its finalizer is removed.
/// Jobs are created and awaited; other listed children are deleted. With `ordered`, each group
/// finishes before the next starts.
public struct DeleteSettings: Sendable, Hashable {
    public var groups: [DeleteGroup]
    public var ordered: Bool
    /// How long the whole deletion may take before it is reported as stuck.
    public var timeout: KatalogDuration

    public init(groups: [DeleteGroup] = [], ordered: Bool = false, timeout: KatalogDuration = .minutes(5)) {
        self.groups = groups
        self.ordered = ordered
        self.timeout = timeout
    }

    public var allChildren: [ChildEntry] { groups.flatMap(\.children) }
    public var isEmpty: Bool { groups.allSatisfy { $0.children.isEmpty } }
}

/// One stage of an ordered deletion (the unordered form has a single unnamed group).
public struct DeleteGroup: Sendable, Hashable {
    public var name: String?
    public var children: [ChildEntry]

    public init(name: String? = nil, children: [ChildEntry]) {
        self.name = name
        self.children = children
    }
}

/// `operatorBox.status`: the status written back to each CR.
public struct StatusSettings: Sendable, Hashable {
    /// Write the `Ready`/`ValidationFailed`/`ValidationWarning` conditions (default true).
    public var conditions: Bool
    public var fields: [StatusField]

    public init(conditions: Bool = true, fields: [StatusField] = []) {
        self.conditions = conditions
        self.fields = fields
    }
}

/// One declared status field: `status.<path>` is set to `value` when the conditions pass.
public struct StatusField: Sendable, Hashable {
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        case string, int, float, bool, auto
    }

    public var path: String
    /// A literal or a `{{ }}` template.
    public var value: JSONValue
    public var type: ValueType
    public var conditions: ConditionSet
    /// Write "" when the conditions do not pass (instead of leaving the field alone).
    public var clearOnFalse: Bool
    public var notify: NotifySpec?
    public var position: SourcePosition?

    public init(path: String, value: JSONValue, type: ValueType = .auto, conditions: ConditionSet = .init(),
                clearOnFalse: Bool = false, notify: NotifySpec? = nil, position: SourcePosition? = nil) {
        self.path = path
        self.value = value
        self.type = type
        self.conditions = conditions
        self.clearOnFalse = clearOnFalse
        self.notify = notify
        self.position = position
    }
}
