/// Deterministic JSON text for a `JSONValue`: sorted object keys, minimal escaping,
/// integers without a fraction. Used for API bodies, hashes and golden files.
extension JSONValue {
    /// Compact JSON (no whitespace) with object keys sorted.
    public func serialized() -> String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// JSON indented by `indent` spaces per level, object keys sorted.
    public func prettyPrinted(indent: Int = 2) -> String {
        var out = ""
        write(to: &out, indent: max(0, indent), level: 0)
        return out
    }

    private func write(to out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            // JSON has no NaN/Infinity: emit null rather than invalid text.
            out += d.isFinite ? JSONValue.format(double: d) : "null"
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (offset, key) in fields.keys.sorted().enumerated() {
                if offset > 0 { out += "," }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                JSONValue.writeQuoted(key, to: &out)
                out += indent == nil ? ":" : ": "
                fields[key]?.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    package static func writeQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
