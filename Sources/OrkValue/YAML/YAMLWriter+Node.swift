extension YAMLWriter {
    /// Writes a parsed YAML tree back as block-style YAML, keeping the order of keys and the meaning of
    /// every scalar: a plain scalar is written as it was (so `1.10` stays the text `1.10` a reader of the
    /// Katalog sees), a quoted or block scalar as a string that reads back as the same string.
    /// Comments and anchors are not kept.
    public static func document(_ node: YAMLNode) -> String {
        var out = ""
        write(node, to: &out, indent: 0, inList: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    static func write(_ node: YAMLNode, to out: inout String, indent: Int, inList: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch node.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            for (offset, pair) in pairs.enumerated() {
                if !(inList && offset == 0) { out += pad }
                out += scalar(pair.key) + ":"
                writeValue(pair.value, to: &out, indent: indent)
            }
        case .sequence(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                switch item.content {
                case .mapping(let pairs) where !pairs.isEmpty:
                    out += " "
                    write(item, to: &out, indent: indent + 2, inList: true)
                case .sequence(let inner) where !inner.isEmpty:
                    out += "\n"
                    write(item, to: &out, indent: indent + 2, inList: false)
                default:
                    out += " " + inline(item) + "\n"
                }
            }
        default:
            out += pad + inline(node) + "\n"
        }
    }

    static func writeValue(_ child: YAMLNode, to out: inout String, indent: Int) {
        switch child.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            out += "\n"
            write(child, to: &out, indent: indent + 2, inList: false)
        case .sequence(let items) where !items.isEmpty:
            out += "\n"
            write(child, to: &out, indent: indent, inList: false)
        default:
            out += " " + inline(child) + "\n"
        }
    }

    /// An empty collection or a scalar on one line.
    static func inline(_ node: YAMLNode) -> String {
        switch node.content {
        case .mapping: return "{}"
        case .sequence: return "[]"
        case .scalar(let s):
            guard s.style == .plain else { return scalar(s.text) }
            if s.text.isEmpty { return "null" }
            // A plain scalar read from a flow or multi-line context reads back the same on one line,
            // unless it spans lines or carries a comment marker; those go in quotes (still strings).
            if s.text.contains("\n") || s.text.contains(" #") { return s.text.jsonQuoted }
            return s.text
        }
    }
}
