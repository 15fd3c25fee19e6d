import OrkValue

/// A number argument: kept as `Int` while every operand is an integer (Go-style integer math),
/// otherwise `Double`.
enum TemplateNumber {
    case int(Int)
    case double(Double)

    var doubleValue: Double {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        }
    }

    var json: JSONValue {
        switch self {
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        }
    }

    /// Parses a numeric string: an integer (`"3"`, `"-7"`) or a finite float (`"2.5"`, `"1e3"`).
    static func parse(_ text: String) -> TemplateNumber? {
        let trimmed = TemplateText.trimSpace(text)
        if let value = Int(trimmed) { return .int(value) }
        if let value = Double(trimmed), value.isFinite, trimmed.utf8.allSatisfy({ $0 < 0x80 }) { return .double(value) }
        return nil
    }
}

/// Converts a `Double` to `Int` when it is finite, integral-or-truncatable and in range.
func templateInt(truncating value: Double) -> Int? {
    guard value.isFinite, value >= -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 else { return nil }
    return Int(value.rounded(.towardZero))
}

/// Typed access to function arguments with uniform error messages.
extension [JSONValue] {
    /// The argument at `index`, or null when absent.
    func value(_ index: Int) -> JSONValue {
        index >= 0 && index < count ? self[index] : .null
    }

    /// A string argument. Scalars are accepted as they print (null is ""); lists and maps are errors.
    func string(_ index: Int) throws(TemplateFunctionError) -> String {
        let argument = value(index)
        switch argument {
        case .string(let text): return text
        case .null: return ""
        case .bool, .int, .double: return argument.plainText
        case .array, .object:
            throw TemplateFunctionError("argument \(index + 1): expected a string, got \(argument.typeName)")
        }
    }

    /// An integer argument: an int, a float with no fraction, or a string holding an integer.
    func int(_ index: Int) throws(TemplateFunctionError) -> Int {
        let argument = value(index)
        switch argument {
        case .int(let number):
            return number
        case .double(let number):
            if number.rounded() == number, let converted = templateInt(truncating: number) { return converted }
        case .string(let text):
            if case .int(let number)? = TemplateNumber.parse(text) { return number }
        default:
            break
        }
        throw TemplateFunctionError("argument \(index + 1): expected an integer, got \(argument.typeName) \(TemplateValues.preview(argument))")
    }

    /// A number argument: int, float, a numeric string, or null (as 0).
    func number(_ index: Int) throws(TemplateFunctionError) -> TemplateNumber {
        let argument = value(index)
        switch argument {
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .null: return .int(0)
        case .string(let text):
            if let number = TemplateNumber.parse(text) { return number }
        default:
            break
        }
        throw TemplateFunctionError("argument \(index + 1): expected a number, got \(argument.typeName) \(TemplateValues.preview(argument))")
    }
}
