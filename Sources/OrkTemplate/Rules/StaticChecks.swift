import OrkValue

/// Problems `ork validate` can find without any object: each is a short, actionable sentence. The checks
/// use the same operand readers and regex compiler as evaluation, so what passes here evaluates cleanly
/// (apart from templates, which only render at run time).

extension Condition {
    /// Problems with this condition's field, operator and operand.
    public func staticProblems() -> [String] {
        var problems = FieldPathCheck.problems(field)
        if op.isUnary {
            if let operand, !operand.isNull {
                problems.append("\(op.rawValue) takes no value; remove \(RuleOperands.describe(operand))")
            }
            return problems
        }
        switch op {
        case .exists, .notExists:
            break
        case .equals, .notEquals, .contains, .notContains:
            problems.append(contentsOf: RuleOperands.required(op, operand).problems)
        case .prefix, .notPrefix, .suffix, .notSuffix:
            problems.append(contentsOf: RuleOperands.scalar(op, operand).problems)
        case .regex, .notRegex:
            switch RuleOperands.scalar(op, operand) {
            case .failure(let problem):
                problems.append(problem.message)
            case .success(let pattern):
                if case .failure(let problem) = RuleRegexCache.shared.regex(RuleValues.text(pattern)) {
                    problems.append(problem.description)
                }
            }
        case .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual:
            problems.append(contentsOf: RuleOperands.number(op, operand).problems)
        case .between, .notBetween:
            problems.append(contentsOf: RuleOperands.range(op, operand).problems)
        case .in, .notIn:
            switch RuleOperands.list(op, operand) {
            case .failure(let problem):
                problems.append(problem.message)
            case .success(let items) where items.isEmpty:
                problems.append(op == .in
                    ? "in has an empty list, so it never passes; list the allowed values"
                    : "notIn has an empty list, so it always passes; list the excluded values")
            case .success:
                break
            }
        }
        return problems
    }
}

extension ConditionSet {
    /// Problems of every condition, prefixed `when[i]: ` or `or[i]: `.
    public func staticProblems() -> [String] {
        var problems: [String] = []
        for (i, condition) in all.enumerated() {
            problems += condition.staticProblems().map { "when[\(i)]: \($0)" }
        }
        for (i, condition) in any.enumerated() {
            problems += condition.staticProblems().map { "or[\(i)]: \($0)" }
        }
        return problems
    }
}

extension ValidationRule {
    /// Problems with the check, the gate and the message.
    public func staticProblems() -> [String] {
        var problems = check.staticProblems() + gate.staticProblems()
        if message.allSatisfy(\.isWhitespace) {
            problems.append("message is empty; say what is wrong and how to fix it")
        }
        return problems
    }
}

extension MutationRule {
    /// Problems with the field path, the value (null, or a literal that cannot be coerced to
    /// `valueType`) and the gate.
    public func staticProblems() -> [String] {
        var problems = FieldPathCheck.problems(field)
        let key = mode == .default ? "default" : "override"
        switch value {
        case .null:
            problems.append("\(key) value is null; give a value")
        case .string(let s) where s.contains("{{"):
            break  // A template: checked when it renders.
        default:
            if let valueType, case .failure(let problem) = ValueCoercion.coerce(value, to: valueType) {
                problems.append("\(key) value does not match valueType \(valueType.rawValue): \(problem.message)")
            }
        }
        return problems + gate.staticProblems()
    }
}

/// Checks a rule's field when it is a dotted path (templates are checked by the template engine).
enum FieldPathCheck {
    static func problems(_ field: String) -> [String] {
        guard !field.contains("{{") else { return [] }
        if FieldPath.segments(field).isEmpty {
            return ["field is empty; give a path such as spec.image"]
        }
        if FieldPath.hasEmptySegment(field) {
            return ["field \(JSONValue.string(field).serialized()) has an empty path segment; remove the extra dot"]
        }
        return []
    }
}

extension Result where Failure == OperandProblem {
    /// The problem's message, or nothing.
    var problems: [String] {
        if case .failure(let problem) = self { return [problem.message] }
        return []
    }
}
