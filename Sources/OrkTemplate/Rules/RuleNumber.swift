import OrkValue

/// A number as the rule evaluator sees it: an exact integer or a finite double.
///
/// Ints, finite doubles and numeric strings are numbers; bools, null, lists, maps, `inf`, `NaN`, hex
/// and Kubernetes quantities (`500m`, `1Gi`) are not.
enum RuleNumber: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)

    /// The number a value stands for, if any (a string must be a decimal number, see `parse`).
    init?(_ value: JSONValue?) {
        switch value {
        case .int(let i)?: self = .int(i)
        case .double(let d)?:
            guard d.isFinite else { return nil }
            self = .double(d)
        case .string(let s)?:
            guard let number = RuleNumber.parse(s) else { return nil }
            self = number
        default:
            return nil
        }
    }

    /// Parses a decimal number: optional surrounding ASCII whitespace, optional sign, digits with an
    /// optional fraction (`1.`, `.5`) and an optional exponent (`1e3`). Nothing else.
    static func parse(_ text: String) -> RuleNumber? {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end, end - start <= 400 else { return nil }
        var i = start
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var intDigits = 0
        while i < end, isDigit(bytes[i]) { i += 1; intDigits += 1 }
        var fracDigits = 0
        var isInteger = true
        if i < end, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            while i < end, isDigit(bytes[i]) { i += 1; fracDigits += 1 }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < end, isDigit(bytes[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == end else { return nil }
        let literal = String(decoding: bytes[start..<end], as: UTF8.self)
        if isInteger, let value = Int(literal) { return .int(value) }
        guard let value = Double(literal), value.isFinite else { return nil }
        return .double(value)
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    var asDouble: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// -1, 0 or 1. Two ints compare exactly; otherwise both are compared as doubles.
    func compare(to other: RuleNumber) -> Int {
        if case .int(let a) = self, case .int(let b) = other {
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        let a = asDouble
        let b = other.asDouble
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.double(d).plainText
        }
    }
}
