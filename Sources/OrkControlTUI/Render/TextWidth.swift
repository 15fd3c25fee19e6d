/// Terminal display width, sanitizing and truncation of text that came from the network.
public enum TextWidth {
    /// Columns a character takes: 2 for East Asian wide and emoji, 0 for combining-only, else 1.
    public static func width(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x1100 { return 1 }
        if isWide(value) { return 2 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
            return 0
        }
        return 1
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

    public static func width(_ text: String) -> Int { text.reduce(0) { $0 + width($1) } }

    /// Replaces control characters (C0, DEL, C1: terminal escape sequences from a server) with
    /// `?`, and tabs and line breaks with a space.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                result.append(" ")
            } else if isControl(scalar) {
                result.append("?")
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// At most `columns` wide, ending with `ellipsis` when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String) -> String {
        guard columns > 0 else { return "" }
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
    public static func fit(_ text: String, to columns: Int, right: Bool = false, ellipsis: String) -> String {
        let cut = truncate(text, to: columns, ellipsis: ellipsis)
        let pad = String(repeating: " ", count: max(0, columns - width(cut)))
        return right ? pad + cut : cut + pad
    }
}
