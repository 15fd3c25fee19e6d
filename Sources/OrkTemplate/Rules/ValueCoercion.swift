import OrkValue

/// Converts a mutation value to its declared `valueType`: `"3"` → `3`, `"true"` → `true`, `3` → `"3"`.
/// Used both when mutating and by the static checks, so `ork validate` rejects exactly what would fail.
enum ValueCoercion {
    static func coerce(_ value: JSONValue, to type: MutationValueType) -> Result<JSONValue, OperandProblem> {
        let shown = RuleOperands.describe(value)
        switch (type, value) {
        case (_, .null):
            return .failure(OperandProblem("the value is null; give a \(type.rawValue)"))
        case (_, .array), (_, .object):
            return .failure(OperandProblem("cannot use a \(value.typeName) as \(type.rawValue)"))
        case (.string, _):
            return .success(.string(value.plainText))
        case (.int, .int):
            return .success(value)
        case (.int, .double), (.int, .string):
            guard let number = RuleNumber(value) else {
                return .failure(OperandProblem("cannot use \(shown) as int: not a number"))
            }
            switch number {
            case .int(let i): return .success(.int(i))
            case .double(let d):
                guard let i = JSONValue.double(d).intValue else {
                    return .failure(OperandProblem("cannot use \(shown) as int: not a whole number"))
                }
                return .success(.int(i))
            }
        case (.float, .int), (.float, .double), (.float, .string):
            guard let number = RuleNumber(value) else {
                return .failure(OperandProblem("cannot use \(shown) as float: not a number"))
            }
            return .success(.double(number.asDouble))
        case (.bool, .bool):
            return .success(value)
        case (.bool, .string(let s)):
            switch RuleOperands.trimmed(s).lowercased() {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(OperandProblem("cannot use \(shown) as bool: write true or false"))
            }
        case (.int, .bool), (.float, .bool), (.bool, .int), (.bool, .double):
            return .failure(OperandProblem("cannot use \(shown) as \(type.rawValue)"))
        }
    }
}
