import OrkValue

/// A parsed field selector (`metadata.name=x,metadata.namespace!=y`); terms are ANDed.
public struct FieldSelector: Sendable, Hashable {
    /// One `field=value` or `field!=value` term.
    public struct Term: Sendable, Hashable {
        public var field: String
        public var value: String
        public var negated: Bool
    }

    public var terms: [Term]

    public static let everything = FieldSelector(terms: [])

    public var isEverything: Bool { terms.isEmpty }

    /// Parses selector text. `allowed` fields beyond `metadata.name` and `metadata.namespace` are resource specific.
    public static func parse(_ text: String, extraFields: [String] = []) throws(SandboxError) -> FieldSelector {
        var terms: [Term] = []
        for raw in splitUnescaped(text, separator: ",") {
            if raw.isEmpty { continue }
            guard let (field, op, value) = splitTerm(raw) else {
                throw SandboxError.badRequest("invalid selector: '\(text)'; can't understand '\(raw)'")
            }
            guard field == "metadata.name" || field == "metadata.namespace" || extraFields.contains(field) else {
                if extraFields.isEmpty {
                    throw SandboxError.badRequest("\"\(field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
                }
                throw SandboxError.badRequest("field label not supported: \(field)")
            }
            guard let unescaped = unescape(value) else {
                throw SandboxError.badRequest("invalid field selector: invalid escape sequence in '\(value)'")
            }
            terms.append(Term(field: field, value: unescaped, negated: op == "!="))
        }
        return FieldSelector(terms: terms)
    }

    /// Whether `object` is selected (missing fields compare as the empty string).
    public func matches(_ object: JSONValue) -> Bool {
        for term in terms {
            let actual = FieldSelector.fieldValue(object, term.field)
            if (actual == term.value) == term.negated { return false }
        }
        return true
    }

    static func fieldValue(_ object: JSONValue, _ field: String) -> String {
        switch object.value(at: field.split(separator: ".").map(String.init)) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return String(d)
        default: return ""
        }
    }

    /// Splits at separators not preceded by a backslash escape.
    static func splitUnescaped(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { current.append(character); escaped = true; continue }
            if character == separator { parts.append(current); current = ""; continue }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// Finds the operator (`!=`, `==`, `=`, in that preference) at an unescaped position.
    static func splitTerm(_ term: String) -> (String, String, String)? {
        let characters = Array(term)
        for op in ["!=", "==", "="] {
            let opChars = Array(op)
            var index = 0
            var escaped = false
            while index < characters.count {
                if escaped { escaped = false; index += 1; continue }
                if characters[index] == "\\" { escaped = true; index += 1; continue }
                if index + opChars.count <= characters.count, Array(characters[index..<index + opChars.count]) == opChars {
                    let field = String(characters[..<index])
                    let value = String(characters[(index + opChars.count)...])
                    if field.isEmpty { return nil }
                    return (field, op, value)
                }
                index += 1
            }
        }
        return nil
    }

    static func unescape(_ value: String) -> String? {
        var out = ""
        var escaped = false
        for character in value {
            if escaped {
                guard character == "\\" || character == "," || character == "=" else { return nil }
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return escaped ? nil : out
    }
}
