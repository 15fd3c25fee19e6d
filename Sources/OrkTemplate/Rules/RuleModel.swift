import OrkValue

/// A comparison a condition or validation rule applies to a field of an object.
///
/// The YAML spellings `gt`, `lt`, `gte`, `lte`, `min` and `max` are aliases (see `RuleOperator.aliases`).
public enum RuleOperator: String, CaseIterable, Sendable, Hashable {
    case exists, notExists
    case equals, notEquals
    case prefix, notPrefix
    case suffix, notSuffix
    case contains, notContains
    case regex, notRegex
    case greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual
    case between, notBetween
    case `in`, notIn

    /// Alternative YAML names accepted for operators.
    public static let aliases: [String: RuleOperator] = [
        "gt": .greaterThan, "lt": .lessThan, "gte": .greaterThanOrEqual, "lte": .lessThanOrEqual,
        "min": .greaterThanOrEqual, "max": .lessThanOrEqual,
    ]

    /// Looks up an operator by its name or alias.
    public init?(name: String) {
        if let op = RuleOperator(rawValue: name) {
            self = op
        } else if let op = RuleOperator.aliases[name] {
            self = op
        } else {
            return nil
        }
    }

    /// Whether the operand must be a number (or, for between, two numbers).
    public var isNumeric: Bool {
        switch self {
        case .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual, .between, .notBetween: return true
        default: return false
        }
    }

    /// Whether the operator takes no operand.
    public var isUnary: Bool { self == .exists || self == .notExists }
}

/// One test of one field: `field` (a dotted path such as `spec.image`, or a `{{ }}` template whose
/// result is tested), an operator and its operand.
public struct Condition: Sendable, Hashable {
    public var field: String
    public var op: RuleOperator
    /// The expected value: a scalar, or a list for `in`/`notIn`/`between`; nil for unary operators.
    public var operand: JSONValue?
    /// Swaps pass and fail after evaluation; an evaluation error stays an error (docs/conditions.md).
    public var negate: Bool
    public var position: SourcePosition?

    public init(field: String, op: RuleOperator, operand: JSONValue? = nil, negate: Bool = false,
                position: SourcePosition? = nil) {
        self.field = field
        self.op = op
        self.operand = operand
        self.negate = negate
        self.position = position
    }

    /// True when `field` is a template rather than a path.
    public var fieldIsTemplate: Bool { field.contains("{{") }
}

/// The `when` (all must pass) and `or` (at least one must pass) lists attached to an entry.
/// When both are present both must pass; an empty set passes.
public struct ConditionSet: Sendable, Hashable {
    public var all: [Condition]
    public var any: [Condition]

    public init(all: [Condition] = [], any: [Condition] = []) {
        self.all = all
        self.any = any
    }

    public var isEmpty: Bool { all.isEmpty && any.isEmpty }
}

/// What a failed validation rule does: `deny` rejects (admission) or blocks reconcile; `warn` only reports.
public enum RuleAction: String, Sendable, Hashable, CaseIterable {
    case deny, warn
}

/// A validation rule: the field must satisfy `check`, otherwise `message` (a template) is reported.
public struct ValidationRule: Sendable, Hashable {
    public var check: Condition
    public var message: String
    public var action: RuleAction
    /// The rule is only evaluated when this gate passes.
    public var gate: ConditionSet
    /// False for rules that run at admission only (`fires: {reconcile: false}`).
    public var firesAtReconcile: Bool
    public var position: SourcePosition?

    public init(check: Condition, message: String, action: RuleAction = .deny, gate: ConditionSet = .init(),
                firesAtReconcile: Bool = true, position: SourcePosition? = nil) {
        self.check = check
        self.message = message
        self.action = action
        self.gate = gate
        self.firesAtReconcile = firesAtReconcile
        self.position = position
    }
}

/// The declared type of a mutated value; a rendered value is coerced to it.
public enum MutationValueType: String, Sendable, Hashable, CaseIterable {
    case string, int, float, bool

    /// Alternative YAML names: `integer`, `number`, `boolean`.
    public init?(name: String) {
        switch name {
        case "string": self = .string
        case "int", "integer": self = .int
        case "float", "number": self = .float
        case "bool", "boolean": self = .bool
        default: return nil
        }
    }
}

/// A mutation rule: set `field` to `value` when absent (`default`) or always (`override`).
public struct MutationRule: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable { case `default`, override }

    /// A dotted path such as `spec.replicas` (or a `{{ }}` template rendering to one).
    public var field: String
    /// A literal, or a string holding a `{{ }}` template.
    public var value: JSONValue
    public var mode: Mode
    /// When nil a literal keeps its YAML type and a template result keeps the typed value it rendered to.
    public var valueType: MutationValueType?
    public var gate: ConditionSet
    public var firesAtReconcile: Bool
    public var position: SourcePosition?

    public init(field: String, value: JSONValue, mode: Mode, valueType: MutationValueType? = nil,
                gate: ConditionSet = .init(), firesAtReconcile: Bool = true, position: SourcePosition? = nil) {
        self.field = field
        self.value = value
        self.mode = mode
        self.valueType = valueType
        self.gate = gate
        self.firesAtReconcile = firesAtReconcile
        self.position = position
    }
}

/// Turns `{{ }}` template source into a value for a given data document. The template engine provides
/// the production implementation (which parses each source once and caches it).
public protocol TemplateEvaluator: Sendable {
    /// Renders `source` against `data`. A source that is exactly one action (`{{ .spec.replicas }}`)
    /// yields that action's typed value; anything else yields the rendered string.
    func evaluate(_ source: String, data: JSONValue) throws -> JSONValue
}
