import OrkValue

/// The one evaluator for conditions (`when`/`or`), validation rules and mutation rules.
///
/// Its truth table is the contract in docs/conditions.md; the tests evaluate every row of that table.
/// The evaluator never traps on input: malformed operands, invalid regexes and failing templates become
/// `ConditionOutcome.error`, validation violations or `MutationError`s.
public struct RuleEvaluator: Sendable {
    /// Renders `{{ }}` fields, messages and mutation values.
    public let templates: any TemplateEvaluator
    let regexes: RuleRegexCache
    /// The budget this evaluator charges; nil evaluates without one.
    public let meter: EvaluationMeter?

    public init(templates: any TemplateEvaluator) {
        self.templates = templates
        self.regexes = .shared
        self.meter = nil
    }

    init(templates: any TemplateEvaluator, regexes: RuleRegexCache, meter: EvaluationMeter?) {
        self.templates = templates
        self.regexes = regexes
        self.meter = meter
    }

    /// This evaluator charging `meter`: once it is exhausted, conditions stop (as errors) and
    /// `validate`/`mutate` stop and say so (`ValidationReport.budgetExhausted`, `MutationError.Kind.budget`).
    public func metered(by meter: EvaluationMeter) -> RuleEvaluator {
        RuleEvaluator(templates: templates, regexes: regexes, meter: meter)
    }

    // MARK: Conditions

    /// Evaluates one condition against `data`. `negate` swaps pass and fail; an error stays an error.
    public func evaluate(_ condition: Condition, in data: JSONValue) -> ConditionOutcome {
        if let meter, meter.isExhausted { return .error("evaluation budget exhausted (\(meter.exhaustionReason))") }
        let outcome: ConditionOutcome
        switch resolve(condition.field, in: data) {
        case .failure(let problem):
            outcome = .error(problem.message)
        case .success(let actual):
            if let meter {
                var cost = EvaluationMeter.cost(of: actual)
                if case .array(let items)? = condition.operand { cost = cost.addingReportingOverflow(items.count).partialValue }
                guard meter.charge(cost) else { return .error("evaluation budget exhausted (\(meter.exhaustionReason))") }
            }
            outcome = apply(condition.op, operand: condition.operand, to: actual)
        }
        return condition.negate ? outcome.negated : outcome
    }

    /// The three-valued outcome of a set: every `all` condition passes and, when `any` is not empty, at
    /// least one `any` condition passes. A definite fail wins over an error (`fail AND error` is fail,
    /// `pass OR error` is pass); an empty set passes.
    public func outcome(_ set: ConditionSet, in data: JSONValue) -> ConditionOutcome {
        var allOutcome = ConditionOutcome.pass
        for condition in set.all {
            switch evaluate(condition, in: data) {
            case .pass: continue
            case .fail: return .fail
            case .error(let reason):
                if case .pass = allOutcome { allOutcome = .error(reason) }
            }
        }
        guard !set.any.isEmpty else { return allOutcome }
        var anyOutcome = ConditionOutcome.fail
        for condition in set.any {
            switch evaluate(condition, in: data) {
            case .pass:
                anyOutcome = .pass
            case .fail: continue
            case .error(let reason):
                if case .fail = anyOutcome { anyOutcome = .error(reason) }
            }
            if case .pass = anyOutcome { break }
        }
        switch (allOutcome, anyOutcome) {
        case (.pass, .pass): return .pass
        case (_, .fail): return .fail
        case (.error, _): return allOutcome
        default: return anyOutcome
        }
    }

    /// Whether the set passes; an error counts as not passing.
    public func passes(_ set: ConditionSet, in data: JSONValue) -> Bool {
        outcome(set, in: data).passed
    }

    // MARK: Field resolution

    /// The value a field refers to: a dotted path into `data` (nil when missing), or, when the field
    /// contains `{{`, the value its template renders to.
    func resolve(_ field: String, in data: JSONValue) -> Result<JSONValue?, OperandProblem> {
        guard field.contains("{{") else {
            return .success(FieldPath.lookup(FieldPath.segments(field), in: data))
        }
        do {
            return .success(try templates.evaluate(field, data: data))
        } catch {
            return .failure(OperandProblem("field template \(JSONValue.string(field).serialized()) failed: \(error)"))
        }
    }

    // MARK: The truth table

    /// Applies `op` with `operand` to the resolved actual value (nil = missing). Not negated.
    func apply(_ op: RuleOperator, operand: JSONValue?, to actual: JSONValue?) -> ConditionOutcome {
        switch op {
        case .exists:
            return ConditionOutcome(RuleValues.exists(actual))
        case .notExists:
            return ConditionOutcome(!RuleValues.exists(actual))
        case .equals, .notEquals:
            return check(RuleOperands.required(op, operand)) { expected in
                RuleValues.equal(actual, expected) == (op == .equals)
            }
        case .prefix, .notPrefix:
            return check(RuleOperands.scalar(op, operand)) { expected in
                RuleValues.hasPrefix(RuleValues.text(actual), RuleValues.text(expected)) == (op == .prefix)
            }
        case .suffix, .notSuffix:
            return check(RuleOperands.scalar(op, operand)) { expected in
                RuleValues.hasSuffix(RuleValues.text(actual), RuleValues.text(expected)) == (op == .suffix)
            }
        case .contains, .notContains:
            return check(RuleOperands.required(op, operand)) { expected in
                RuleValues.contains(actual, expected) == (op == .contains)
            }
        case .in, .notIn:
            return check(RuleOperands.list(op, operand)) { items in
                items.contains { RuleValues.equal(actual, $0) } == (op == .in)
            }
        case .regex, .notRegex:
            let pattern: JSONValue
            switch RuleOperands.scalar(op, operand) {
            case .failure(let problem): return .error(problem.message)
            case .success(let value): pattern = value
            }
            switch regexes.regex(RuleValues.text(pattern)) {
            case .failure(let problem):
                return .error(problem.description)
            case .success(let regex):
                let text = RuleValues.text(actual)
                // A regex scans the value's text; a list or map (as JSON) is charged for that size too.
                if let meter, actual?.stringValue == nil, !meter.charge(text.utf8.count) {
                    return .error("evaluation budget exhausted (\(meter.exhaustionReason))")
                }
                switch regex.matches(text, stop: meter.map { meter in { meter.isExhausted } }) {
                case .failure(let problem): return .error(problem.description)
                case .success(let matched): return ConditionOutcome(matched == (op == .regex))
                }
            }
        case .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual:
            return check(RuleOperands.number(op, operand)) { bound in
                guard let value = RuleNumber(actual) else { return false }
                let order = value.compare(to: bound)
                switch op {
                case .greaterThan: return order > 0
                case .lessThan: return order < 0
                case .greaterThanOrEqual: return order >= 0
                default: return order <= 0
                }
            }
        case .between, .notBetween:
            return check(RuleOperands.range(op, operand)) { range in
                guard let value = RuleNumber(actual) else { return false }
                let inside = value.compare(to: range.0) >= 0 && value.compare(to: range.1) <= 0
                return inside == (op == .between)
            }
        }
    }

    private func check<T>(_ operand: Result<T, OperandProblem>, _ test: (T) -> Bool) -> ConditionOutcome {
        switch operand {
        case .failure(let problem): return .error(problem.message)
        case .success(let value): return ConditionOutcome(test(value))
        }
    }
}
