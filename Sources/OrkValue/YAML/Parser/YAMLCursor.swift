/// The YAML text as UTF-8 bytes with a read position and its mark: the character classes and moves of
/// libyaml's reader, so that lines and columns come out exactly as libyaml (and so Yams) counted them.
///
/// Looking past the end yields 0, which never occurs inside the text: ``YAMLCursor/init(text:file:)``
/// refuses NUL and the other control characters YAML does not allow.
struct YAMLCursor {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private(set) var mark = YAMLMark()

    /// The byte `ahead` bytes after the read position, or 0 past the end.
    func byte(_ ahead: Int = 0) -> UInt8 {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : 0
    }

    func check(_ character: Unicode.Scalar, _ ahead: Int = 0) -> Bool {
        byte(ahead) == UInt8(truncatingIfNeeded: character.value)
    }

    /// Whether a character of `set` is at `ahead`.
    func check(_ set: YAMLASCIISet, _ ahead: Int = 0) -> Bool {
        set.contains(byte(ahead))
    }

    var isAtEnd: Bool { byte() == 0 }

    func isBreak(_ ahead: Int = 0) -> Bool {
        switch byte(ahead) {
        case 0x0D, 0x0A: return true
        case 0xC2: return byte(ahead + 1) == 0x85  // NEL
        case 0xE2: return byte(ahead + 1) == 0x80 && (byte(ahead + 2) == 0xA8 || byte(ahead + 2) == 0xA9)  // LS, PS
        default: return false
        }
    }

    func isBreakOrEnd(_ ahead: Int = 0) -> Bool { byte(ahead) == 0 || isBreak(ahead) }
    func isSpace(_ ahead: Int = 0) -> Bool { byte(ahead) == 0x20 }
    func isTab(_ ahead: Int = 0) -> Bool { byte(ahead) == 0x09 }
    func isBlank(_ ahead: Int = 0) -> Bool { isSpace(ahead) || isTab(ahead) }
    func isBlankOrEnd(_ ahead: Int = 0) -> Bool { isBlank(ahead) || isBreakOrEnd(ahead) }
    func isDigit(_ ahead: Int = 0) -> Bool { (0x30...0x39).contains(byte(ahead)) }

    /// `[0-9A-Za-z_-]`, the characters of anchors, directive names and tag handles.
    func isAlpha(_ ahead: Int = 0) -> Bool {
        let value = byte(ahead)
        return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || value == 0x5F || value == 0x2D
    }

    /// The value of the hexadecimal digit at `ahead`, or nil.
    func hexDigit(_ ahead: Int = 0) -> UInt32? {
        let value = byte(ahead)
        switch value {
        case 0x30...0x39: return UInt32(value - 0x30)
        case 0x41...0x46: return UInt32(value - 0x41 + 10)
        case 0x61...0x66: return UInt32(value - 0x61 + 10)
        default: return nil
        }
    }

    var isByteOrderMark: Bool { byte() == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF }

    /// `---` or `...` at the start of a line followed by a blank, a break or the end.
    var isDocumentIndicator: Bool {
        guard mark.column == 0, isBlankOrEnd(3) else { return false }
        return (check("-") && check("-", 1) && check("-", 2)) || (check(".") && check(".", 1) && check(".", 2))
    }

    /// Bytes in the UTF-8 sequence that starts at the read position (at least 1, so every move advances).
    private var width: Int {
        let lead = byte()
        if lead & 0xE0 == 0xC0 { return 2 }
        if lead & 0xF0 == 0xE0 { return 3 }
        if lead & 0xF8 == 0xF0 { return 4 }
        return 1
    }

    private mutating func advance(bytes count: Int) {
        offset = min(offset + count, bytes.count)
    }

    /// Moves past one character on the current line.
    mutating func skip() {
        guard !isAtEnd else { return }
        advance(bytes: width)
        mark.index += 1
        mark.column += 1
    }

    /// Moves past one line break (CRLF counts as one break and two characters).
    mutating func skipLine() {
        if check("\r") && check("\n", 1) {
            advance(bytes: 2)
            mark.index += 2
        } else if isBreak() {
            advance(bytes: width)
            mark.index += 1
        } else {
            return
        }
        mark.column = 0
        mark.line += 1
    }

    /// At the end of the text: a last line without a line break counts as ended (libyaml's stream end).
    mutating func endLine() {
        guard mark.column != 0 else { return }
        mark.column = 0
        mark.line += 1
    }

    /// Appends the character at the read position to `text` and moves past it.
    mutating func read(into text: inout [UInt8]) {
        guard !isAtEnd else { return }
        let start = offset
        advance(bytes: width)
        text.append(contentsOf: bytes[start..<offset])
        mark.index += 1
        mark.column += 1
    }

    /// Appends the line break at the read position to `text` (CR, LF, CRLF and NEL as `\n`, LS and PS as
    /// they are) and moves past it; nothing when there is no break.
    mutating func readLine(into text: inout [UInt8]) {
        guard isBreak() else { return }
        if check("\r") && check("\n", 1) {
            text.append(0x0A)
            advance(bytes: 2)
            mark.index += 2
        } else if check("\r") || check("\n") || byte() == 0xC2 {
            text.append(0x0A)
            advance(bytes: width)
            mark.index += 1
        } else {
            let start = offset
            advance(bytes: width)
            text.append(contentsOf: bytes[start..<offset])
            mark.index += 1
        }
        mark.column = 0
        mark.line += 1
    }
}

extension YAMLCursor {
    /// The cursor at the start of `text`, after a leading byte order mark, which YAML 1.2 allows there and
    /// which is not counted as a column. (Yams told libyaml the encoding, which kept libyaml from
    /// stripping it: the BOM was column 1 and a `%YAML` or `---` right after it was refused.)
    ///
    /// Throws for characters YAML does not allow in a stream (C0 and C1 controls other than tab, LF, CR
    /// and NEL; DEL; U+FFFE and U+FFFF), as libyaml's reader did.
    init(text: String, file: String) throws(YAMLSyntaxError) {
        var line = 1
        var column = 1
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if !Self.isAllowed(scalar) {
                throw YAMLSyntaxError(
                    position: SourcePosition(file: file, line: line, column: column),
                    message: "YAML cannot be read: control characters are not allowed (U+\(Self.hex(scalar.value)))")
            }
            if scalar == "\n" {
                if previous != "\r" { line += 1 }
                column = 1
            } else if scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previous = scalar
        }
        bytes = Array(text.utf8)
        offset = 0
        if isByteOrderMark { offset = 3 }
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
