/// Writes a `JSONValue` as block-style YAML, deterministically: Kubernetes' conventional keys first
/// (`apiVersion`, `kind`, `metadata`, `name`, `namespace`), the rest sorted; strings quoted whenever a
/// YAML reader could take them for something else.
public enum YAMLWriter {
    static let leadingKeys = ["apiVersion", "kind", "metadata", "name", "namespace"]

    /// One document, ending in a newline.
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out, indent: 0, inList: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    /// A stream of documents separated by `---`.
    public static func stream(_ values: [JSONValue]) -> String {
        values.map { "---\n" + document($0) }.joined()
    }

    static func orderedKeys(_ fields: [String: JSONValue]) -> [String] {
        let leading = leadingKeys.filter { fields[$0] != nil }
        return leading + fields.keys.filter { !leadingKeys.contains($0) }.sorted()
    }

    static func write(_ value: JSONValue, to out: inout String, indent: Int, inList: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for (offset, key) in orderedKeys(fields).enumerated() {
                guard let child = fields[key] else { continue }
                // The first key of a list item shares the "- " line.
                if !(inList && offset == 0) { out += pad }
                out += scalar(key) + ":"
                writeValue(child, to: &out, indent: indent)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                switch item {
                case .object(let fields) where !fields.isEmpty:
                    out += " "
                    write(item, to: &out, indent: indent + 2, inList: true)
                case .array(let inner) where !inner.isEmpty:
                    out += "\n"
                    write(item, to: &out, indent: indent + 2, inList: false)
                default:
                    out += " " + inline(item, indent: indent + 2) + "\n"
                }
            }
        default:
            out += pad + inline(value, indent: indent) + "\n"
        }
    }

    static func writeValue(_ child: JSONValue, to out: inout String, indent: Int) {
        switch child {
        case .object(let fields) where !fields.isEmpty:
            out += "\n"
            write(child, to: &out, indent: indent + 2, inList: false)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            write(child, to: &out, indent: indent, inList: false)
        default:
            out += " " + inline(child, indent: indent + 2) + "\n"
        }
    }

    /// A scalar or empty collection on one line (multi-line strings as literal blocks).
    static func inline(_ value: JSONValue, indent: Int) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : (d.isNaN ? ".nan" : (d > 0 ? ".inf" : "-.inf"))
        case .string(let s):
            if let block = literalBlock(s, indent: indent) { return block }
            return scalar(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// A `|` block for multi-line text that a block can carry exactly; nil otherwise.
    static func literalBlock(_ text: String, indent: Int) -> String? {
        guard text.contains("\n") else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let printable = text.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7F) }
        guard printable, !text.contains("\r"), let first = lines.first, !first.hasPrefix(" "),
              lines.allSatisfy({ !$0.hasSuffix(" ") && !$0.hasSuffix("\t") && !$0.hasPrefix("\t") })
        else { return nil }
        var body = Array(lines)
        let chomp: String
        if text.hasSuffix("\n\n") {
            return nil
        } else if text.hasSuffix("\n") {
            chomp = ""
            body.removeLast()
        } else {
            chomp = "-"
        }
        let pad = String(repeating: " ", count: max(indent, 2))
        return "|" + chomp + "\n" + body.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    /// A string scalar, plain when that reads back as the same string, double-quoted otherwise.
    public static func scalar(_ s: String) -> String {
        needsQuotes(s) ? s.jsonQuoted : s
    }

    static let reservedWords: Set<String> = [
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ]

    static func needsQuotes(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        if reservedWords.contains(s) { return true }
        if YAMLScalar.parseInteger(s) != nil || YAMLScalar.parseFloat(s) != nil { return true }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if first == " " || last == " " || last == ":" { return true }
        if s.contains(": ") || s.contains(" #") || s.contains("\t") { return true }
        // Anything outside printable ASCII/Unicode goes in quotes with escapes.
        return s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}

extension String {
    /// The string as a JSON (and YAML) double-quoted literal.
    var jsonQuoted: String {
        var out = ""
        JSONValue.writeQuoted(self, to: &out)
        return out
    }
}
