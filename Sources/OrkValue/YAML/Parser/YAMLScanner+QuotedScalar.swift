/// Single- and double-quoted scalars: escapes, `''`, and line folding.
extension YAMLScanner {
    mutating func scanQuotedScalar(single: Bool) throws(YAMLSyntaxError) -> YAMLToken {
        let quote: Unicode.Scalar = single ? "'" : "\""
        let start = cursor.mark
        cursor.skip()
        var text: [UInt8] = []
        var leadingBreak: [UInt8] = []
        var trailingBreaks: [UInt8] = []
        var whitespaces: [UInt8] = []
        while true {
            if cursor.isDocumentIndicator {
                throw error("while scanning a quoted scalar", "found unexpected document indicator")
            }
            if cursor.isAtEnd { throw error("while scanning a quoted scalar", "found unexpected end of stream") }
            var leadingBlanks = false
            while !cursor.isBlankOrEnd() {
                if single && cursor.check("'") && cursor.check("'", 1) {
                    text.append(UInt8(ascii: "'"))
                    cursor.skip()
                    cursor.skip()
                } else if cursor.check(quote) {
                    break
                } else if !single && cursor.check("\\") && cursor.isBreak(1) {
                    // An escaped line break joins the lines without a space.
                    cursor.skip()
                    cursor.skipLine()
                    leadingBlanks = true
                    break
                } else if !single && cursor.check("\\") {
                    try scanEscape(into: &text)
                } else {
                    try refuseByteOrderMarkInContent()
                    cursor.read(into: &text)
                }
            }
            if cursor.check(quote) { break }
            try scanBlanksAndBreaks(leadingBreak: &leadingBreak, trailingBreaks: &trailingBreaks, whitespaces: &whitespaces,
                                    leadingBlanks: &leadingBlanks, refusingIndentingTabsBelow: nil, context: "while scanning a quoted scalar")
            if leadingBlanks {
                Self.fold(leadingBreak: &leadingBreak, trailingBreaks: &trailingBreaks, into: &text)
            } else {
                text.append(contentsOf: whitespaces)
                whitespaces.removeAll(keepingCapacity: true)
            }
        }
        cursor.skip()
        var token = YAMLToken(.scalar, start: start, end: cursor.mark)
        token.value = text
        token.style = single ? .singleQuoted : .doubleQuoted
        return token
    }

    /// A backslash escape of a double-quoted scalar, written to `text` as UTF-8.
    private mutating func scanEscape(into text: inout [UInt8]) throws(YAMLSyntaxError) {
        var codeLength = 0
        switch cursor.byte(1) {
        case UInt8(ascii: "0"): text.append(0x00)
        case UInt8(ascii: "a"): text.append(0x07)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"), 0x09: text.append(0x09)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "v"): text.append(0x0B)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "e"): text.append(0x1B)
        case UInt8(ascii: " "): text.append(0x20)
        case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
        case UInt8(ascii: "/"): text.append(UInt8(ascii: "/"))
        case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "N"): text.append(contentsOf: [0xC2, 0x85])
        case UInt8(ascii: "_"): text.append(contentsOf: [0xC2, 0xA0])
        case UInt8(ascii: "L"): text.append(contentsOf: [0xE2, 0x80, 0xA8])
        case UInt8(ascii: "P"): text.append(contentsOf: [0xE2, 0x80, 0xA9])
        case UInt8(ascii: "x"): codeLength = 2
        case UInt8(ascii: "u"): codeLength = 4
        case UInt8(ascii: "U"): codeLength = 8
        default: throw error("while parsing a quoted scalar", "found unknown escape character")
        }
        cursor.skip()
        cursor.skip()
        guard codeLength > 0 else { return }
        var value: UInt32 = 0
        for ahead in 0..<codeLength {
            guard let digit = cursor.hexDigit(ahead) else {
                throw error("while parsing a quoted scalar", "did not find expected hexdecimal number")
            }
            value = value << 4 | digit
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("while parsing a quoted scalar", "found invalid Unicode character escape code")
        }
        UTF8.encode(scalar) { text.append($0) }
        for _ in 0..<codeLength { cursor.skip() }
    }
}
