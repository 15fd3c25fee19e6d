import OrkValue

/// Decoding of Go constant syntax: quoted strings with escapes, character constants and numbers.
enum TemplateLiterals {
    /// Decodes the body of a double-quoted string (between the quotes), Go escapes included:
    /// `\a \b \f \n \r \t \v \\ \"`, `\xHH`, `\OOO`, `\uHHHH`, `\UHHHHHHHH`.
    static func unquote(_ body: ArraySlice<UInt8>, quote: UInt8) throws(TemplateFunctionError) -> String {
        guard body.contains(0x5C) else { return String(decoding: body, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let b = body[index]
            if b != 0x5C {
                out.append(b)
                index += 1
                continue
            }
            let (value, isByte, next) = try escape(body, at: index + 1, quote: quote)
            index = next
            if isByte {
                out.append(UInt8(truncatingIfNeeded: value))
            } else if let scalar = Unicode.Scalar(value) {
                out.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The code point of a character constant body (between the single quotes).
    static func characterValue(_ body: ArraySlice<UInt8>) throws(TemplateFunctionError) -> Int {
        guard let first = body.first else { throw TemplateFunctionError("empty character constant") }
        if first == 0x5C {
            let (value, _, next) = try escape(body, at: body.startIndex + 1, quote: 0x27)
            guard next == body.endIndex else { throw TemplateFunctionError("invalid character constant") }
            return Int(value)
        }
        let scalars = Array(String(decoding: body, as: UTF8.self).unicodeScalars)
        guard scalars.count == 1, let scalar = scalars.first else {
            throw TemplateFunctionError("invalid character constant: more than one character")
        }
        return Int(scalar.value)
    }

    /// One escape sequence starting just after the backslash: its value, whether it is a raw byte
    /// (`\x`, octal) rather than a code point, and the index after it.
    private static func escape(_ body: ArraySlice<UInt8>, at start: Int,
                               quote: UInt8) throws(TemplateFunctionError) -> (UInt32, Bool, Int) {
        guard start < body.endIndex else { throw TemplateFunctionError("invalid escape at end of string") }
        let c = body[start]
        switch c {
        case 0x61: return (7, false, start + 1)
        case 0x62: return (8, false, start + 1)
        case 0x66: return (12, false, start + 1)
        case 0x6E: return (10, false, start + 1)
        case 0x72: return (13, false, start + 1)
        case 0x74: return (9, false, start + 1)
        case 0x76: return (11, false, start + 1)
        case 0x5C: return (0x5C, false, start + 1)
        case quote: return (UInt32(quote), false, start + 1)
        case 0x78:
            return (try digits(body, from: start + 1, count: 2, radix: 16), true, start + 3)
        case 0x30...0x37:
            let value = try digits(body, from: start, count: 3, radix: 8)
            guard value <= 255 else { throw TemplateFunctionError("octal escape value > 255") }
            return (value, true, start + 3)
        case 0x75, 0x55:
            let count = c == 0x75 ? 4 : 8
            let value = try digits(body, from: start + 1, count: count, radix: 16)
            guard Unicode.Scalar(value) != nil else { throw TemplateFunctionError("escape sequence is invalid Unicode code point") }
            return (value, false, start + 1 + count)
        default:
            let shown = c < 0x80 && c >= 0x20 ? String(Character(Unicode.Scalar(c))) : "?"
            throw TemplateFunctionError("unknown escape sequence \\\(shown)")
        }
    }

    private static func digits(_ body: ArraySlice<UInt8>, from start: Int, count: Int,
                               radix: UInt32) throws(TemplateFunctionError) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<count {
            let index = start + offset
            guard index < body.endIndex, let digit = digitValue(body[index]), digit < radix else {
                throw TemplateFunctionError("invalid escape sequence: expected \(count) \(radix == 16 ? "hex" : "octal") digits")
            }
            value = value &* radix &+ digit
        }
        return value
    }

    private static func digitValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        default: return nil
        }
    }

    /// Parses a Go number constant: decimal, `0x`/`0o`/`0b` and legacy `0777` integers (with
    /// `_` separators) become `.int`; a decimal with `.` or an exponent becomes `.double`.
    /// Returns nil for malformed text or an integer that overflows `Int`.
    static func number(_ text: String) -> JSONValue? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_") else { return nil }
        let digits = body.filter { $0 != "_" }
        let lower = digits.lowercased()
        var radix = 10
        var magnitude = Substring(lower)
        if lower.hasPrefix("0x") { radix = 16; magnitude = magnitude.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; magnitude = magnitude.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; magnitude = magnitude.dropFirst(2) }
        else if lower.count > 1, lower.hasPrefix("0"), lower.allSatisfy(\.isASCIIDigit) { radix = 8; magnitude = magnitude.dropFirst() }

        if radix == 10, lower.contains(where: { $0 == "." || $0 == "e" }) {
            guard lower.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-" }),
                  lower.filter({ $0 == "." }).count <= 1, lower.first != "e" else { return nil }
            var normalized = lower
            if normalized.hasPrefix(".") { normalized = "0" + normalized }
            normalized = normalized.replacingDotBeforeExponent()
            guard let value = Double(normalized), value.isFinite else { return nil }
            return .double(negative ? -value : value)
        }
        let signed = (negative ? "-" : "") + String(magnitude)
        guard !magnitude.isEmpty, let value = Int(signed, radix: radix) else {
            return nil
        }
        return .int(value)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// `1.` → `1.0`, `1.e3` → `1.0e3` (Swift's `Double(_:)` wants a digit after the dot).
    fileprivate func replacingDotBeforeExponent() -> String {
        var out = ""
        var previous: Character?
        for character in self {
            if previous == ".", !character.isASCIIDigit { out.append("0") }
            out.append(character)
            previous = character
        }
        if previous == "." { out.append("0") }
        return out
    }
}
