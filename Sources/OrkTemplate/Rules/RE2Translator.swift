import OrkValue

/// Translates a pattern written in RE2 syntax (Go's `regexp`, which the original runtime used) into the
/// ICU dialect `NSRegularExpression` compiles, and rejects what RE2 does not support.
///
/// Translated: `(?P<name>…)` → `(?<name>…)`; `\pL` → `\p{L}`; `\d \w \s` (and `\D \W \S`) → their
/// ASCII-only RE2 meaning; `$` without a multi-line flag → `\z` (RE2 `$` is end of text); a `{` that
/// does not start a repetition, a lone `}`, and `[`/`&` inside a class → literals.
/// Rejected with a message: backreferences, lookaround, atomic groups, possessive quantifiers,
/// repetition counts above 1000, and the syntax errors Go reports (unbalanced `(`/`)`/`[`, trailing
/// `\`, a repetition operator with nothing to repeat).
enum RE2Translator {
    static let maxRepeat = 1000

    static func translate(_ pattern: String) -> Result<String, RegexProblem> {
        let s = Array(pattern.unicodeScalars)
        let n = s.count
        let multiline = hasMultilineFlag(s)
        var out = String.UnicodeScalarView()
        var i = 0
        var depth = 0
        // Whether the previous token can be repeated (an atom, a group, a class) and whether it was itself
        // a repetition operator.
        var canRepeat = false
        var lastWasRepeat = false

        func fail(_ reason: String) -> Result<String, RegexProblem> {
            .failure(RegexProblem(pattern: pattern, reason: reason))
        }
        func emit(_ text: String) { out.append(contentsOf: text.unicodeScalars) }

        while i < n {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < n else { return fail("trailing backslash at end of expression") }
                let e = s[i + 1]
                if e == "Q" {
                    // Literal text up to \E (or the end).
                    var j = i + 2
                    var literal = String.UnicodeScalarView()
                    while j < n, !(s[j] == "\\" && j + 1 < n && s[j + 1] == "E") {
                        literal.append(s[j])
                        j += 1
                    }
                    emit("\\Q")
                    out.append(contentsOf: literal)
                    emit("\\E")
                    i = j < n ? j + 2 : n
                    canRepeat = !literal.isEmpty
                    lastWasRepeat = false
                    continue
                }
                switch translateEscape(s, at: i, inClass: false) {
                case .failure(let reason): return fail(reason.text)
                case .success(let (text, width)):
                    emit(text)
                    i += width
                }
                canRepeat = !(e == "b" || e == "B" || e == "A" || e == "z")
                lastWasRepeat = false
            case "[":
                switch translateClass(s, from: i) {
                case .failure(let reason): return fail(reason.text)
                case .success(let (text, next)):
                    emit(text)
                    i = next
                }
                canRepeat = true
                lastWasRepeat = false
            case "(":
                if i + 1 < n, s[i + 1] == "?" {
                    let a: Unicode.Scalar? = i + 2 < n ? s[i + 2] : nil
                    let b: Unicode.Scalar? = i + 3 < n ? s[i + 3] : nil
                    if a == "=" || a == "!" || (a == "<" && (b == "=" || b == "!")) {
                        return fail("lookahead and lookbehind are not supported (RE2 syntax)")
                    }
                    if a == ">" { return fail("atomic groups are not supported (RE2 syntax)") }
                    if a == "P", b == "=" || b == ">" { return fail("backreferences are not supported (RE2 syntax)") }
                    if a == "P", b == "<" {
                        emit("(?<")
                        i += 4
                        depth += 1
                        canRepeat = false
                        lastWasRepeat = false
                        continue
                    }
                    if a == "#" { return fail("comments are not supported (RE2 syntax)") }
                    // A flag group `(?i)`, `(?i:…)` or a named group `(?<name>…)`.
                    emit("(?")
                    i += 2
                    depth += 1
                    canRepeat = false
                    lastWasRepeat = false
                    continue
                }
                emit("(")
                i += 1
                depth += 1
                canRepeat = false
                lastWasRepeat = false
            case ")":
                guard depth > 0 else { return fail("unexpected ): more ) than (") }
                depth -= 1
                emit(")")
                i += 1
                canRepeat = true
                lastWasRepeat = false
            case "|":
                emit("|")
                i += 1
                canRepeat = false
                lastWasRepeat = false
            case "*", "+", "?":
                if lastWasRepeat {
                    if c == "?" {
                        // Lazy modifier of the previous repetition.
                        emit("?")
                        i += 1
                        lastWasRepeat = false
                        canRepeat = false
                        continue
                    }
                    return fail("invalid nested repetition operator \(String(s[i - 1]))\(String(c))")
                }
                guard canRepeat else { return fail("missing argument to repetition operator \(String(c))") }
                out.append(c)
                i += 1
                lastWasRepeat = true
                canRepeat = false
            case "{":
                if let (text, next, lo, hi) = countedRepeat(s, from: i) {
                    if lastWasRepeat { return fail("invalid nested repetition operator \(text)") }
                    guard canRepeat else { return fail("missing argument to repetition operator \(text)") }
                    guard lo <= maxRepeat, hi <= maxRepeat else {
                        return fail("repetition count above \(maxRepeat) in \(text)")
                    }
                    guard lo <= hi else { return fail("invalid repeat count \(text): min > max") }
                    emit(text)
                    i = next
                    lastWasRepeat = true
                    canRepeat = false
                } else {
                    emit("\\{")
                    i += 1
                    canRepeat = true
                    lastWasRepeat = false
                }
            case "}":
                emit("\\}")
                i += 1
                canRepeat = true
                lastWasRepeat = false
            case "$":
                emit(multiline ? "$" : "\\z")
                i += 1
                canRepeat = false
                lastWasRepeat = false
            case "^":
                emit("^")
                i += 1
                canRepeat = false
                lastWasRepeat = false
            default:
                out.append(c)
                i += 1
                canRepeat = true
                lastWasRepeat = false
            }
        }
        guard depth == 0 else { return fail("missing closing )") }
        return .success(String(out))
    }

    /// Translates the escape starting at `s[at]` (a backslash with at least one scalar after it).
    /// Returns the ICU text and how many scalars were consumed.
    private static func translateEscape(_ s: [Unicode.Scalar], at: Int, inClass: Bool) -> Result<(String, Int), Reason> {
        let e = s[at + 1]
        switch e {
        case "d": return .success((inClass ? "0-9" : "[0-9]", 2))
        case "D": return .success(("[^0-9]", 2))
        case "w": return .success((inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]", 2))
        case "W": return .success(("[^0-9A-Za-z_]", 2))
        case "s": return .success((inClass ? "\\t\\n\\f\\r\\x20" : "[\\t\\n\\f\\r\\x20]", 2))
        case "S": return .success(("[^\\t\\n\\f\\r\\x20]", 2))
        case "1", "2", "3", "4", "5", "6", "7", "8", "9", "k", "g":
            return .failure(Reason("backreferences are not supported (RE2 syntax)"))
        case "p", "P", "x":
            guard at + 2 < s.count else {
                return e == "x" ? .success(("\\x", 2)) : .failure(Reason("invalid character class range \\\(String(e))"))
            }
            let next = s[at + 2]
            if next == "{" {
                // Copy `\p{Greek}` / `\x{10FFFF}` through the closing brace.
                var j = at + 3
                while j < s.count, s[j] != "}" { j += 1 }
                guard j < s.count else { return .failure(Reason("missing closing } in \\\(String(e)){")) }
                return .success((String(String.UnicodeScalarView(s[at...j])), j - at + 1))
            }
            if e == "x" { return .success(("\\x", 2)) }
            guard next.properties.isAlphabetic else {
                return .failure(Reason("invalid character class range \\\(String(e))\(String(next))"))
            }
            return .success(("\\\(String(e)){\(String(next))}", 3))
        default:
            return .success(("\\\(String(e))", 2))
        }
    }

    /// Translates a bracket class starting at `s[from] == "["`; returns the ICU text and the index after `]`.
    private static func translateClass(_ s: [Unicode.Scalar], from: Int) -> Result<(String, Int), Reason> {
        var out = "["
        var i = from + 1
        let n = s.count
        if i < n, s[i] == "^" { out += "^"; i += 1 }
        if i < n, s[i] == "]" { out += "\\]"; i += 1 }
        while i < n {
            let c = s[i]
            switch c {
            case "]":
                return .success((out + "]", i + 1))
            case "[":
                if i + 1 < n, s[i + 1] == ":", let close = posixClassEnd(s, from: i) {
                    out += String(String.UnicodeScalarView(s[i..<close]))
                    i = close
                } else {
                    out += "\\["
                    i += 1
                }
            case "&":
                // ICU reads `&&` as set intersection; RE2 has no such thing.
                out += "\\&"
                i += 1
            case "-" where i + 1 < n && s[i + 1] == "-":
                // ICU reads `--` as set difference.
                out += "\\-"
                i += 1
            case "\\":
                guard i + 1 < n else { return .failure(Reason("missing closing ]")) }
                switch translateEscape(s, at: i, inClass: true) {
                case .failure(let reason): return .failure(reason)
                case .success(let (text, width)):
                    out += text
                    i += width
                }
            default:
                out.unicodeScalars.append(c)
                i += 1
            }
        }
        return .failure(Reason("missing closing ]"))
    }

    /// For `[:alpha:]` starting at `s[from]`, the index just after `:]`.
    private static func posixClassEnd(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var j = from + 2
        if j < s.count, s[j] == "^" { j += 1 }
        while j + 1 < s.count {
            let c = s[j]
            if c == ":" { return s[j + 1] == "]" ? j + 2 : nil }
            guard c.properties.isAlphabetic else { return nil }
            j += 1
        }
        return nil
    }

    /// `{n}`, `{n,}` or `{n,m}` at `s[from]`: its text, the index after `}`, and the bounds (an open upper
    /// bound is reported as the lower bound). Counts are capped so huge numbers cannot overflow.
    private static func countedRepeat(_ s: [Unicode.Scalar], from: Int) -> (String, Int, Int, Int)? {
        var i = from + 1
        func number() -> Int? {
            var value = 0
            var digits = 0
            while i < s.count, s[i].value >= 0x30, s[i].value <= 0x39 {
                value = min(value * 10 + Int(s[i].value - 0x30), 1_000_000)
                digits += 1
                i += 1
            }
            return digits > 0 ? value : nil
        }
        guard let lo = number() else { return nil }
        var hi = lo
        if i < s.count, s[i] == "," {
            i += 1
            hi = number() ?? lo
        }
        guard i < s.count, s[i] == "}" else { return nil }
        return (String(String.UnicodeScalarView(s[from...i])), i + 1, lo, hi)
    }

    /// Whether any flag group (`(?m)`, `(?im:…)`) mentions `m`; then `$` keeps its ICU meaning.
    private static func hasMultilineFlag(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i + 2 < s.count {
            if s[i] == "(", s[i + 1] == "?" {
                var j = i + 2
                while j < s.count, s[j].properties.isAlphabetic || s[j] == "-" {
                    if s[j] == "m" { return true }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }
}

/// Why a piece of a pattern could not be translated.
private struct Reason: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

/// An invalid or unsupported regular expression, with the reason shown to Katalog authors.
struct RegexProblem: Error, Sendable, Hashable, CustomStringConvertible {
    let pattern: String
    /// True when the pattern is valid but a search ran out of time.
    let timedOut: Bool
    let reason: String

    init(pattern: String, timedOut: Bool = false, reason: String) {
        self.pattern = pattern
        self.timedOut = timedOut
        self.reason = reason
    }

    var description: String {
        "\(timedOut ? "regex" : "invalid regex") \(JSONValue.string(pattern).serialized()): \(reason)"
    }
}
