import OrkValue

/// The value semantics of the one truth table (docs/conditions.md): how an actual value and an operand
/// are turned into text, numbers and compared. `nil` stands for a missing field.
enum RuleValues {
    /// False for missing, null and `""`; true for everything else (including `0`, `false`, `[]`, `{}`).
    static func exists(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .string(let s)?: return !s.isEmpty
        default: return true
        }
    }

    /// The text string operators see: missing and null are `""`, strings are themselves, numbers and
    /// bools their usual spelling, lists and maps their canonical JSON (sorted keys, compact).
    static func text(_ value: JSONValue?) -> String {
        value?.plainText ?? ""
    }

    /// equals / in semantics: numerically when both sides are numbers, otherwise by exact text.
    static func equal(_ actual: JSONValue?, _ expected: JSONValue?) -> Bool {
        if let a = RuleNumber(actual), let b = RuleNumber(expected) {
            return a.compare(to: b) == 0
        }
        return sameBytes(text(actual), text(expected))
    }

    /// contains semantics: a list has an element equal to the operand; a map has the operand as a key;
    /// anything else contains the operand's text as a substring.
    static func contains(_ actual: JSONValue?, _ operand: JSONValue) -> Bool {
        switch actual {
        case .array(let items)?:
            return items.contains { equal($0, operand) }
        case .object(let fields)?:
            let key = text(operand)
            return fields.keys.contains { sameBytes($0, key) }
        default:
            return hasSubstring(text(actual), text(operand))
        }
    }

    /// Byte-for-byte UTF-8 equality (no Unicode normalization, unlike `String ==`).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        let t = text.utf8
        let p = prefix.utf8
        guard p.count <= t.count else { return false }
        return t.prefix(p.count).elementsEqual(p)
    }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        let t = text.utf8
        let s = suffix.utf8
        guard s.count <= t.count else { return false }
        return t.suffix(s.count).elementsEqual(s)
    }

    static func hasSubstring(_ text: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if n.isEmpty { return true }
        let t = Array(text.utf8)
        guard n.count <= t.count else { return false }
        var start = 0
        let last = t.count - n.count
        while start <= last {
            var k = 0
            while k < n.count, t[start + k] == n[k] { k += 1 }
            if k == n.count { return true }
            start += 1
        }
        return false
    }
}
