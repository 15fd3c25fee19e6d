/// Literal (`|`) and folded (`>`) block scalars with chomping (`-`, `+`) and indentation indicators.
extension YAMLScanner {
    mutating func scanBlockScalar(literal: Bool) throws(YAMLSyntaxError) -> YAMLToken {
        let context = "while scanning a block scalar"
        let start = cursor.mark
        cursor.skip()
        var chomping = 0
        var increment = 0
        if cursor.check("+") || cursor.check("-") {
            chomping = cursor.check("+") ? 1 : -1
            cursor.skip()
            if cursor.isDigit() {
                guard !cursor.check("0") else { throw error(context, "found an indentation indicator equal to 0") }
                increment = Int(cursor.byte() - 0x30)
                cursor.skip()
            }
        } else if cursor.isDigit() {
            guard !cursor.check("0") else { throw error(context, "found an indentation indicator equal to 0") }
            increment = Int(cursor.byte() - 0x30)
            cursor.skip()
            if cursor.check("+") || cursor.check("-") {
                chomping = cursor.check("+") ? 1 : -1
                cursor.skip()
            }
        }
        while cursor.isBlank() { cursor.skip() }
        if cursor.check("#") {
            while !cursor.isBreakOrEnd() { cursor.skip() }
        }
        guard cursor.isBreakOrEnd() else { throw error(context, "did not find expected comment or line break") }
        cursor.skipLine()
        var end = cursor.mark

        var blockIndent = 0
        if increment > 0 { blockIndent = indent >= 0 ? indent + increment : increment }
        var text: [UInt8] = []
        var leadingBreak: [UInt8] = []
        var trailingBreaks: [UInt8] = []
        try scanBlockScalarBreaks(indent: &blockIndent, breaks: &trailingBreaks, end: &end)
        var leadingBlank = false
        while cursor.mark.column == blockIndent && !cursor.isAtEnd {
            let trailingBlank = cursor.isBlank()
            if !literal && leadingBreak.first == 0x0A && !leadingBlank && !trailingBlank {
                // Folding: a single line break between two unindented lines is a space.
                if trailingBreaks.isEmpty { text.append(0x20) }
            } else {
                text.append(contentsOf: leadingBreak)
            }
            leadingBreak.removeAll(keepingCapacity: true)
            text.append(contentsOf: trailingBreaks)
            trailingBreaks.removeAll(keepingCapacity: true)
            leadingBlank = cursor.isBlank()
            while !cursor.isBreakOrEnd() {
                try refuseByteOrderMarkInContent()
                cursor.read(into: &text)
            }
            cursor.readLine(into: &leadingBreak)
            try scanBlockScalarBreaks(indent: &blockIndent, breaks: &trailingBreaks, end: &end)
        }
        if chomping != -1 { text.append(contentsOf: leadingBreak) }
        if chomping == 1 { text.append(contentsOf: trailingBreaks) }

        var token = YAMLToken(.scalar, start: start, end: end)
        token.value = text
        token.style = literal ? .literal : .folded
        return token
    }

    /// Empty and indentation-only lines before content; without an indicator the block's indentation
    /// is that of its first non-empty line (at least one more than the enclosing block's).
    private mutating func scanBlockScalarBreaks(indent blockIndent: inout Int, breaks: inout [UInt8],
                                                end: inout YAMLMark) throws(YAMLSyntaxError) {
        var maxIndent = 0
        end = cursor.mark
        while true {
            while (blockIndent == 0 || cursor.mark.column < blockIndent) && cursor.isSpace() { cursor.skip() }
            maxIndent = max(maxIndent, cursor.mark.column)
            if (blockIndent == 0 || cursor.mark.column < blockIndent) && cursor.isTab() {
                throw error("while scanning a block scalar", "found a tab character where an indentation space is expected")
            }
            guard cursor.isBreak() else { break }
            cursor.readLine(into: &breaks)
            end = cursor.mark
        }
        if blockIndent == 0 {
            blockIndent = max(maxIndent, indent + 1, 1)
        }
    }
}
