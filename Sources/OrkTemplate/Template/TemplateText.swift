/// Byte-level string algorithms with Go semantics (UTF-8 bytes, not grapheme clusters), linear
/// time and size limits, used by the string functions.
enum TemplateText {
    /// Go's `strconv.Quote`: double quotes, backslash escapes, printable Unicode kept.
    static func goQuote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        out += "\""
        return out
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return scalar.value == 0x20
        default:
            return true
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Byte offsets of the non-overlapping occurrences of `needle` in `haystack` (KMP, linear).
    static func occurrences(of needle: [UInt8], in haystack: [UInt8], limit: Int = .max) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<max(1, needle.count) {
            while k > 0, needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var result: [Int] = []
        var matched = 0
        var i = 0
        while i < haystack.count {
            let b = haystack[i]
            while matched > 0, b != needle[matched] { matched = failure[matched - 1] }
            if b == needle[matched] { matched += 1 }
            if matched == needle.count {
                result.append(i + 1 - needle.count)
                if result.count >= limit { return result }
                matched = 0
            }
            i += 1
        }
        return result
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        return !occurrences(of: Array(needle.utf8), in: Array(haystack.utf8), limit: 1).isEmpty
    }

    /// Go's `strings.Replace(s, old, new, -1)`; an empty `old` inserts `new` around every character.
    static func replaceAll(_ text: String, _ old: String, _ new: String, maxBytes: Int) throws(TemplateFunctionError) -> String {
        let bytes = Array(text.utf8)
        let replacement = Array(new.utf8)
        var out: [UInt8] = []
        func appendChecked(_ part: some Collection<UInt8>) throws(TemplateFunctionError) {
            guard out.count + part.count <= maxBytes else {
                throw TemplateFunctionError("result exceeds the limit of \(maxBytes) bytes")
            }
            out.append(contentsOf: part)
        }
        if old.isEmpty {
            try appendChecked(replacement)
            for scalar in text.unicodeScalars {
                try appendChecked(String(scalar).utf8)
                try appendChecked(replacement)
            }
            return String(decoding: out, as: UTF8.self)
        }
        var start = 0
        for offset in occurrences(of: Array(old.utf8), in: bytes) {
            try appendChecked(bytes[start..<offset])
            try appendChecked(replacement)
            start = offset + old.utf8.count
        }
        try appendChecked(bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `strings.Split`; an empty separator splits into characters (Unicode scalars).
    static func split(_ text: String, separator: String) -> [String] {
        if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
        let bytes = Array(text.utf8)
        var parts: [String] = []
        var start = 0
        for offset in occurrences(of: Array(separator.utf8), in: bytes) {
            parts.append(String(decoding: bytes[start..<offset], as: UTF8.self))
            start = offset + separator.utf8.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Unicode White_Space, as Go's `unicode.IsSpace` (close enough for trimming).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    static func trimSpace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
