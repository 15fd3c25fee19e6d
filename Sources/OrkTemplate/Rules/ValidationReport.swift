import OrkValue

/// One validation rule that did not pass (or could not be evaluated).
public struct ValidationViolation: Sendable, Hashable, CustomStringConvertible {
    /// The index of the rule in the list given to `RuleEvaluator.validate`.
    public var ruleIndex: Int
    /// The rule's field (as written: a path or a template).
    public var field: String
    public var action: RuleAction
    /// The rendered message. When the rule could not be evaluated it starts with
    /// `rule could not be evaluated (<why>): `.
    public var message: String
    /// Where the rule was written (the rule's position, else its check's).
    public var position: SourcePosition?
    /// Why the rule could not be evaluated; nil for an ordinary failed check.
    public var evaluationError: String?

    public init(ruleIndex: Int, field: String, action: RuleAction, message: String,
                position: SourcePosition? = nil, evaluationError: String? = nil) {
        self.ruleIndex = ruleIndex
        self.field = field
        self.action = action
        self.message = message
        self.position = position
        self.evaluationError = evaluationError
    }

    /// `file:line:column: deny: spec.image: message`.
    public var description: String {
        var text = ""
        if let position { text += "\(position): " }
        return text + "\(action.rawValue): \(field): \(message)"
    }
}

/// The result of evaluating every validation rule of an object: all violations, split by action.
public struct ValidationReport: Sendable, Hashable {
    /// Violations of `deny` rules, in rule order.
    public var denials: [ValidationViolation]
    /// Violations of `warn` rules, in rule order.
    public var warnings: [ValidationViolation]
    /// Indices of rules that were not evaluated: their gate did not pass, or they are admission-only
    /// and the context is reconcile.
    public var skippedRules: [Int]
    /// True when evaluation stopped because its `EvaluationMeter` ran out: the rules after the
    /// last one reported were not evaluated, so `allowed` says nothing about them.
    public var budgetExhausted = false

    public init(denials: [ValidationViolation] = [], warnings: [ValidationViolation] = [], skippedRules: [Int] = []) {
        self.denials = denials
        self.warnings = warnings
        self.skippedRules = skippedRules
    }

    /// True when no deny rule was violated (warnings do not block).
    public var allowed: Bool { denials.isEmpty }

    /// Denials then warnings, each in rule order.
    public var violations: [ValidationViolation] { denials + warnings }
}
