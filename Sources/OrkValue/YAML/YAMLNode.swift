/// A YAML node with its source position: the strict Katalog loader walks these so that every
/// diagnostic can name a line and column.
public struct YAMLNode: Sendable, Hashable {
    /// The content of a node.
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var position: SourcePosition

    public init(_ content: Content, at position: SourcePosition) {
        self.content = content
        self.position = position
    }

    public var scalar: YAMLScalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var pairs: [YAMLPair]? { if case .mapping(let p) = content { return p } else { return nil } }
    public var items: [YAMLNode]? { if case .sequence(let i) = content { return i } else { return nil } }

    /// The value for `key` when this is a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key == key }?.value
    }

    /// A short description of the node's kind for "expected X, found Y" messages.
    public var kindName: String {
        switch content {
        case .scalar(let s): return s.isNull ? "null" : "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The node as a JSON value (YAML 1.2 core schema for plain scalars).
    public var jsonValue: JSONValue {
        switch content {
        case .scalar(let s): return s.jsonValue
        case .sequence(let items): return .array(items.map(\.jsonValue))
        case .mapping(let pairs):
            var fields: [String: JSONValue] = [:]
            for pair in pairs { fields[pair.key] = pair.value.jsonValue }
            return .object(fields)
        }
    }
}

/// A key and its value in a YAML mapping; keys are kept with their own positions.
public struct YAMLPair: Sendable, Hashable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: YAMLNode

    public init(key: String, keyPosition: SourcePosition, value: YAMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

/// A YAML scalar: its text, whether it was quoted or a block (never a number or bool then),
/// and the JSON value it resolves to.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable { case plain, quoted, block }

    public var text: String
    public var style: Style
    /// For block and quoted scalars: how many columns the content starts after the node position
    /// (used to map template error columns back to the file).
    public var contentColumnOffset: Int
    public var contentLineOffset: Int

    public var isNull: Bool { style == .plain && YAMLScalar.nullWords.contains(text) }

    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// YAML 1.2 core schema: plain `null`/`~`/empty, `true`/`false`, integers (decimal, 0x, 0o)
    /// and floats resolve to typed values; quoted and block scalars are always strings.
    public var jsonValue: JSONValue {
        guard style == .plain else { return .string(text) }
        if YAMLScalar.nullWords.contains(text) { return .null }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = YAMLScalar.parseInteger(text) { return .int(i) }
        if let d = YAMLScalar.parseFloat(text) { return .double(d) }
        return .string(text)
    }

    static func parseInteger(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        var radix = 10
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit }) else { return nil }
        guard let magnitude = Int(body, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // Only plain decimal notation: digits, one dot, optional exponent.
        var sawDigit = false
        for (offset, ch) in text.enumerated() {
            if ch.isASCII, ch.isNumber { sawDigit = true; continue }
            if ch == "." || ch == "e" || ch == "E" { continue }
            if (ch == "-" || ch == "+") {
                if offset == 0 { continue }
                let previous = text[text.index(text.startIndex, offsetBy: offset - 1)]
                if previous == "e" || previous == "E" { continue }
            }
            return nil
        }
        guard sawDigit else { return nil }
        return Double(text)
    }
}
