import OrkValue

/// Reads a condition's operand in the shape its operator needs. Both evaluation and the static checks
/// use these functions, so a operand `ork validate` accepts is one the evaluator accepts.
/// Each function returns a short, actionable problem when the operand is unusable.
enum RuleOperands {
    /// The operand of a binary operator, or a problem when it is absent (nil or null).
    static func required(_ op: RuleOperator, _ operand: JSONValue?) -> Result<JSONValue, OperandProblem> {
        switch operand {
        case nil, .null?:
            return .failure(OperandProblem("\(op.rawValue) needs a value to compare with"))
        case let value?:
            return .success(value)
        }
    }

    /// A single value for prefix/suffix/regex: any scalar, not a list or map.
    static func scalar(_ op: RuleOperator, _ operand: JSONValue?) -> Result<JSONValue, OperandProblem> {
        required(op, operand).flatMap { value in
            switch value {
            case .array, .object:
                return .failure(OperandProblem("\(op.rawValue) needs a single value, not a \(value.typeName)"))
            default:
                return .success(value)
            }
        }
    }

    /// The number for greaterThan/lessThan/greaterThanOrEqual/lessThanOrEqual.
    static func number(_ op: RuleOperator, _ operand: JSONValue?) -> Result<RuleNumber, OperandProblem> {
        required(op, operand).flatMap { value in
            guard let number = RuleNumber(value) else {
                return .failure(OperandProblem("\(op.rawValue) needs a number, got \(describe(value))"))
            }
            return .success(number)
        }
    }

    /// The inclusive range for between/notBetween: `[lo, hi]` or `"lo,hi"`, with lo <= hi.
    static func range(_ op: RuleOperator, _ operand: JSONValue?) -> Result<(RuleNumber, RuleNumber), OperandProblem> {
        required(op, operand).flatMap { value in
            let parts: [JSONValue]
            switch value {
            case .array(let items): parts = items
            case .string(let s): parts = s.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }
            default: parts = [value]
            }
            let usage = "\(op.rawValue) needs two numbers as [lo, hi] or \"lo,hi\", got \(describe(value))"
            guard parts.count == 2, let lo = RuleNumber(parts[0]), let hi = RuleNumber(parts[1]) else {
                return .failure(OperandProblem(usage))
            }
            guard lo.compare(to: hi) <= 0 else {
                return .failure(OperandProblem("\(op.rawValue) range is inverted: \(lo) > \(hi); write it as \"\(hi),\(lo)\""))
            }
            return .success((lo, hi))
        }
    }

    /// The candidates for in/notIn: a list, or a comma-separated string whose items are trimmed (empty
    /// items allowed: `"Pending,"` is `["Pending", ""]`); any other scalar is a one-item list.
    static func list(_ op: RuleOperator, _ operand: JSONValue?) -> Result<[JSONValue], OperandProblem> {
        required(op, operand).flatMap { value in
            switch value {
            case .array(let items):
                return .success(items)
            case .string(let s):
                let items = s.split(separator: ",", omittingEmptySubsequences: false).map {
                    JSONValue.string(trimmed(String($0)))
                }
                return .success(items)
            case .object:
                return .failure(OperandProblem("\(op.rawValue) needs a list or a comma-separated string, not a map"))
            default:
                return .success([value])
            }
        }
    }

    /// The operand as a short quoted snippet for messages.
    static func describe(_ value: JSONValue) -> String {
        let text = value.serialized()
        guard text.count > 60 else { return text }
        return String(text.prefix(57)) + "..."
    }

    static func trimmed(_ s: String) -> String {
        var scalars = Substring.UnicodeScalarView(s.unicodeScalars)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// Why an operand cannot be used; the text is shown to Katalog authors.
struct OperandProblem: Error, Sendable, Hashable {
    let message: String
    init(_ message: String) { self.message = message }
}
