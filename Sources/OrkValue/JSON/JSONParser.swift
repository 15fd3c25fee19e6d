/// An error from `JSONValue.parse`, with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Malformed input, or input over the parse budget (``JSONParseBudget``).
    public enum Kind: Sendable, Equatable {
        case syntax
        case tooDeep
        case tooManyElements
    }

    public let offset: Int
    public let message: String
    public let kind: Kind

    public init(offset: Int, message: String, kind: Kind = .syntax) {
        self.offset = offset
        self.message = message
        self.kind = kind
    }

    /// The input was well formed as far as read but over the budget.
    public var isOverBudget: Bool { kind != .syntax }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// How much a parse may build: nesting depth and elements (every value — object, array, string,
/// number, literal — counts one; an object's key counts with its value). The parser stops at the
/// first element over the budget, so it never holds more than `maxElements` values.
public struct JSONParseBudget: Sendable, Hashable {
    public var maxDepth: Int
    public var maxElements: Int

    public init(maxDepth: Int = 256, maxElements: Int = .max) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    /// Depth 256, no element limit: trusted or already bounded input.
    public static let unlimited = JSONParseBudget()
}

extension JSONValue {
    /// Parses JSON text. Never traps: malformed, truncated or absurdly nested input is an error.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses JSON from UTF-8 bytes (`maxDepth` bounds nesting so hostile input cannot exhaust the stack).
    public static func parse(bytes: some Collection<UInt8>, maxDepth: Int = 256) throws(JSONParseError) -> JSONValue {
        try parse(bytes: bytes, budget: JSONParseBudget(maxDepth: maxDepth))
    }

    /// Parses JSON from UTF-8 bytes within `budget`; over it, an error whose `kind` says which limit.
    public static func parse(bytes: some Collection<UInt8>, budget: JSONParseBudget) throws(JSONParseError) -> JSONValue {
        var parser = JSONByteParser(bytes: Array(bytes), maxDepth: budget.maxDepth, maxElements: budget.maxElements)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("unexpected data after the document") }
        return value
    }
}

struct JSONByteParser {
    let bytes: [UInt8]
    let maxDepth: Int
    let maxElements: Int
    var index = 0
    var elements = 0

    init(bytes: [UInt8], maxDepth: Int, maxElements: Int = .max) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    var atEnd: Bool { index >= bytes.count }

    func error(_ message: String) -> JSONParseError { JSONParseError(offset: index, message: message) }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else {
            throw JSONParseError(offset: index, message: "nesting deeper than \(maxDepth) levels", kind: .tooDeep)
        }
        guard elements < maxElements else {
            throw JSONParseError(offset: index, message: "more than \(maxElements) elements", kind: .tooManyElements)
        }
        elements += 1
        guard let byte = peek() else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.count else { throw error("unexpected end of input") }
        for (offset, byte) in expected.enumerated() where bytes[index + offset] != byte {
            throw error("invalid literal")
        }
        index += expected.count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after key") }
            index += 1
            skipWhitespace()
            fields[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard let next = peek() else { throw error("unexpected end of input in object") }
            index += 1
            if next == UInt8(ascii: "}") { return .object(fields) }
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}' in object") }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard let next = peek() else { throw error("unexpected end of input in array") }
            index += 1
            if next == UInt8(ascii: "]") { return .array(items) }
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or ']' in array") }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw error("expected a digit")
        }
        while let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { index += 1 }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else {
                throw error("expected a digit after '.'")
            }
            while let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else {
                throw error("expected a digit in exponent")
            }
            while let b = peek(), b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw JSONParseError(offset: start, message: "invalid number") }
        return .double(d)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ parser: JSONByteParser, upTo end: Int, into scalars: inout String.UnicodeScalarView) {
            if end > runStart {
                scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard let byte = peek() else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                flush(self, upTo: index, into: &scalars)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in string") }
            if byte == UInt8(ascii: "\\") {
                flush(self, upTo: index, into: &scalars)
                index += 1
                guard let escape = peek() else { throw error("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                default: throw error("invalid escape")
                }
                runStart = index
                continue
            }
            index += 1
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try parseHex4()
        if high >= 0xD800, high < 0xDC00 {
            // A surrogate pair; a lone high surrogate becomes U+FFFD rather than an error.
            if index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                index += 2
                let low = try parseHex4()
                if low >= 0xDC00, low < 0xE000 {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(combined) ?? "\u{FFFD}"
                }
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }
}
