import OrkValue

/// Value semantics shared by the executor and the functions: truthiness, equality, ordering,
/// nesting depth and cost accounting. Walks of nested values are bounded by depth and budget.
enum TemplateValues {
    /// Go truthiness: false, 0, 0.0, "", null and empty lists and maps are false.
    @inline(__always)
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let fields): return !fields.isEmpty
        }
    }

    /// Work units charged for handling a value (beyond the call itself): large strings, lists
    /// and maps cost in proportion to their size.
    @inline(__always)
    static func weight(_ value: JSONValue) -> Int {
        switch value {
        case .string(let text): return text.utf8.count >> 6
        case .array(let items): return items.count >> 2
        case .object(let fields): return fields.count >> 2
        default: return 0
        }
    }

    static func weight(_ values: [JSONValue]) -> Int {
        var total = 0
        for value in values { total &+= weight(value) }
        return total
    }

    /// A short rendering of a value for error messages.
    static func preview(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            return TemplateText.goQuote(text.count > 40 ? String(text.prefix(40)) + "…" : text)
        case .array(let items):
            return "(\(items.count) items)"
        case .object(let fields):
            return "(\(fields.count) keys)"
        default:
            return value.plainText
        }
    }

    /// Deep equality. Numbers compare by value (`1 == 1.0`); other values must have the same
    /// type; null equals only null. Charges one unit per visited element.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue, context: inout TemplateCallContext,
                      depth: Int = 0) throws(TemplateFunctionError) -> Bool {
        guard depth <= context.limits.maxValueDepth else {
            throw TemplateFunctionError("values nested deeper than \(context.limits.maxValueDepth) levels")
        }
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.double, .int), (.double, .double):
            return (lhs.doubleValue ?? .nan) == (rhs.doubleValue ?? .nan)
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            try context.charge(a.count)
            for (x, y) in zip(a, b) {
                if try !equal(x, y, context: &context, depth: depth + 1) { return false }
            }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            try context.charge(a.count)
            for (key, x) in a {
                guard let y = b[key], try equal(x, y, context: &context, depth: depth + 1) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Ordering for `lt`/`le`/`gt`/`ge`: numbers by value, strings by bytes. Null compares as the
    /// zero value of the other operand's type (0 or ""). Other combinations are errors.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) throws(TemplateFunctionError) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = lhs.doubleValue ?? 0, b = rhs.doubleValue ?? 0
            guard !a.isNaN, !b.isNaN else { throw TemplateFunctionError("cannot order NaN") }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            if a == b { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case (.null, .null):
            return 0
        case (.null, .int), (.null, .double):
            return try compare(.int(0), rhs)
        case (.int, .null), (.double, .null):
            return try compare(lhs, .int(0))
        case (.null, .string):
            return try compare(.string(""), rhs)
        case (.string, .null):
            return try compare(lhs, .string(""))
        default:
            throw TemplateFunctionError("incompatible types for comparison: \(lhs.typeName) and \(rhs.typeName)")
        }
    }

    /// The nesting depth of a value (scalars 0), failing once it exceeds the depth limit.
    static func depth(of value: JSONValue, context: inout TemplateCallContext,
                      level: Int = 0) throws(TemplateFunctionError) -> Int {
        guard level <= context.limits.maxValueDepth else {
            throw TemplateFunctionError("value nested deeper than \(context.limits.maxValueDepth) levels")
        }
        var deepest = 0
        switch value {
        case .array(let items):
            try context.charge(items.count)
            for item in items {
                deepest = max(deepest, try depth(of: item, context: &context, level: level + 1))
            }
        case .object(let fields):
            try context.charge(fields.count)
            for item in fields.values {
                deepest = max(deepest, try depth(of: item, context: &context, level: level + 1))
            }
        default:
            return 0
        }
        return deepest + 1
    }

    /// Checks that a list or map built from `elements` stays within the depth limit.
    static func checkBuildable(_ elements: some Sequence<JSONValue>,
                               context: inout TemplateCallContext) throws(TemplateFunctionError) {
        for element in elements {
            switch element {
            case .array, .object:
                let inner = try depth(of: element, context: &context, level: 1)
                guard inner < context.limits.maxValueDepth else {
                    throw TemplateFunctionError("value nested deeper than \(context.limits.maxValueDepth) levels")
                }
            default:
                continue
            }
        }
    }

    /// The text a value prints as (`plainText`), bounded by the size and budget limits.
    static func text(_ value: JSONValue, context: inout TemplateCallContext) throws(TemplateFunctionError) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        case .array, .object:
            var out = ""
            var writer = TemplateJSONWriter(limit: context.limits.maxOutputBytes, initial: 0)
            try writer.write(value, to: &out, context: &context)
            return out
        default: return value.plainText
        }
    }
}
