/// Terminal display width, sanitizing and truncation of text that came from the network.
package enum TextWidth {
    /// Columns a character takes: 2 for East Asian wide and emoji, 0 for combining-only and for
    /// what `sanitize` removes (format characters: bidi controls, zero-width characters), else 1
    /// (a control character becomes one `?`).
    package static func width(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x7F { return 1 }
        if isWide(value) { return 2 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Columns `text` takes once sanitized (what `CellBuffer.put` draws).
    package static func width(_ text: String) -> Int { sanitize(text).reduce(0) { $0 + width($1) } }

    /// Columns `text` takes, counted up to `limit` (a layout needs no more than the screen): printable
    /// ASCII by its bytes, anything else from a prefix of its scalars, so a long cell costs no more than
    /// a short one.
    package static func width(_ text: String, upTo limit: Int) -> Int {
        guard limit > 0 else { return 0 }
        var ascii = 0
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F else {
                let prefix = String(String.UnicodeScalarView(text.unicodeScalars.prefix(min(limit, 1 << 16) * 4)))
                return min(limit, width(prefix))
            }
            ascii += 1
            if ascii >= limit { return limit }
        }
        return ascii
    }

    /// Makes text from the network safe to put on a terminal; `CellBuffer.put` applies it to every
    /// string that reaches the screen or `--once` text:
    /// - tabs, line and paragraph breaks (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029) become a space;
    /// - other control characters (C0 with ESC, DEL, C1 with CSI) become `?`;
    /// - format characters are removed: bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E,
    ///   U+2066–U+2069), zero-width characters (U+200B–U+200D, U+2060, U+FEFF), soft hyphens, tags;
    /// - more than `maximumMarks` combining marks in a row are cut to that many.
    package static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isPlain($0) }) else { return text }
        var result = String.UnicodeScalarView()
        var marks = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if isPlain(scalar) {
                result.append(scalar)
                marks = 0
                continue
            }
            switch treatment(scalar) {
            case .space:
                if scalar == "\n", previous == "\r" { continue }  // CRLF is one break
                result.append(" ")
                marks = 0
            case .replace:
                result.append("?")
                marks = 0
            case .remove:
                continue
            case .mark:
                marks += 1
                if marks <= maximumMarks { result.append(scalar) }
            case .keep:
                result.append(scalar)
                marks = 0
            }
        }
        return String(result)
    }

    /// Combining marks kept on one base character (more only stack up into unreadable cells).
    package static let maximumMarks = 3

    enum Treatment { case keep, space, replace, remove, mark }

    /// Printable ASCII: the fast path.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x20 && scalar.value < 0x7F }

    static func treatment(_ scalar: Unicode.Scalar) -> Treatment {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return .space
        case 0x00..<0x20, 0x7F...0x9F: return .replace
        default: break
        }
        switch scalar.properties.generalCategory {
        case .format: return .remove
        case .control: return .replace
        case .nonspacingMark, .enclosingMark: return .mark
        default: return .keep
        }
    }

    /// At most `columns` wide, ending with `ellipsis` when cut.
    /// The result is sanitized, so its width is what `CellBuffer.put` draws.
    package static func truncate(_ text: String, to columns: Int, ellipsis: String) -> String {
        guard columns > 0 else { return "" }
        let text = sanitize(text)
        if width(text) <= columns { return text }
        let room = columns - width(ellipsis)
        guard room > 0 else { return String(repeating: ".", count: columns) }
        var result = ""
        var used = 0
        for character in text {
            let w = width(character)
            if used + w > room { break }
            result.append(character)
            used += w
        }
        return result + ellipsis
    }

    /// Padded with spaces (or cut) to exactly `columns`; right-aligned when `right`.
    package static func fit(_ text: String, to columns: Int, right: Bool = false, ellipsis: String) -> String {
        let cut = truncate(text, to: columns, ellipsis: ellipsis)
        let pad = String(repeating: " ", count: max(0, columns - width(cut)))
        return right ? pad + cut : cut + pad
    }
}
