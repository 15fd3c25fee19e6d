import OrkValue

/// One lexical item of a template source.
struct TemplateToken: Sendable {
    enum Kind: Equatable, Sendable {
        /// Text outside actions (trim markers already applied).
        case text(String)
        /// `{{` (or `{{- `)
        case leftDelim
        /// `}}` (or ` -}}`)
        case rightDelim
        /// A function name or keyword (`if`, `range`, `true`, `nil`, …).
        case identifier(String)
        /// `.name` (the name without the dot).
        case field(String)
        /// `.` alone.
        case dot
        /// `$` or `$name` (with the dollar sign).
        case variable(String)
        /// A string, raw string, character or number constant.
        case literal(JSONValue)
        case pipe
        case leftParen
        case rightParen
        /// `:=`
        case declare
        /// `=`
        case assign
        case comma
        case endOfInput
    }

    var kind: Kind
    var location: TemplateLocation
    /// Whether whitespace separates this token from the previous one inside an action
    /// (`.a.b` is one field chain, `.a .b` two operands).
    var spaceBefore: Bool

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .text: return "text"
        case .leftDelim: return "\"{{\""
        case .rightDelim: return "\"}}\""
        case .identifier(let name): return "\"\(name)\""
        case .field(let name): return "\".\(name)\""
        case .dot: return "\".\""
        case .variable(let name): return "\"\(name)\""
        case .literal(let value):
            if case .string(let s) = value { return "string \(TemplateText.goQuote(String(s.prefix(40))))" }
            return value.typeName == "int" || value.typeName == "float" ? "number \(value.plainText)" : value.plainText
        case .pipe: return "\"|\""
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .declare: return "\":=\""
        case .assign: return "\"=\""
        case .comma: return "\",\""
        case .endOfInput: return "end of input"
        }
    }
}
