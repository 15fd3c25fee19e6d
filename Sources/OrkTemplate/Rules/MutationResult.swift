import OrkValue

/// One field a mutation rule changed.
public struct MutationChange: Sendable, Hashable {
    /// The index of the rule in the list given to `RuleEvaluator.mutate`.
    public var ruleIndex: Int
    /// The dotted path of the field (dots inside keys escaped as `\.`).
    public var path: String
    /// The same field as an RFC 6901 JSON Pointer (`/metadata/annotations/a~1b`).
    public var pointer: String
    /// The value before the change; nil when the field did not exist.
    public var oldValue: JSONValue?
    public var newValue: JSONValue

    public init(ruleIndex: Int, path: String, pointer: String, oldValue: JSONValue?, newValue: JSONValue) {
        self.ruleIndex = ruleIndex
        self.path = path
        self.pointer = pointer
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// The outcome of applying mutation rules: the new object and the same change in three forms.
public struct MutationResult: Sendable, Hashable {
    /// The object after all rules (later rules saw earlier changes).
    public var object: JSONValue
    /// Every change, in the order it was made.
    public var changes: [MutationChange]
    /// An RFC 7386 JSON merge patch from the original object to `object` (`{}` when nothing changed).
    /// Lists are replaced whole, as merge patches require.
    public var mergePatch: JSONValue
    /// RFC 6902 operations (`add`/`replace`) for the admission webhook response, in order; missing or
    /// null parent objects are created first with `add` of `{}`.
    public var jsonPatch: [JSONValue]

    public init(object: JSONValue, changes: [MutationChange], mergePatch: JSONValue, jsonPatch: [JSONValue]) {
        self.object = object
        self.changes = changes
        self.mergePatch = mergePatch
        self.jsonPatch = jsonPatch
    }

    /// True when at least one field changed.
    public var changed: Bool { !changes.isEmpty }
}

/// Why a mutation rule could not be applied. Names the rule, its field and position, and the value.
public struct MutationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The rule's `when`/`or` gate could not be evaluated.
        case gate
        /// The field template failed to render, or rendered to an empty path.
        case field
        /// The value template failed to render.
        case template
        /// The value (or template result) cannot be converted to the rule's `valueType`, or is null.
        case coercion
        /// Something other than a map is in the way of the path (or a list index is out of range).
        case path
        /// The evaluation budget ran out before every rule was applied.
        case budget
    }

    public var kind: Kind
    public var ruleIndex: Int
    public var field: String
    public var position: SourcePosition?
    /// The offending value, when there is one.
    public var value: JSONValue?
    public var reason: String

    public init(kind: Kind, ruleIndex: Int, field: String, position: SourcePosition?, value: JSONValue? = nil,
                reason: String) {
        self.kind = kind
        self.ruleIndex = ruleIndex
        self.field = field
        self.position = position
        self.value = value
        self.reason = reason
    }

    /// `file:line:column: mutation rule 2 (spec.replicas): cannot use "abc" as int`.
    public var description: String {
        var text = ""
        if let position { text += "\(position): " }
        return text + "mutation rule \(ruleIndex) (\(field)): \(reason)"
    }
}
