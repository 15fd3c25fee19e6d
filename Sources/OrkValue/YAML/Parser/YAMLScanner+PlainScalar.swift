/// Plain (unquoted) scalars, which may continue on more indented lines.
extension YAMLScanner {
    mutating func scanPlainScalar() throws(YAMLSyntaxError) -> YAMLToken {
        let context = "while scanning a plain scalar"
        var text: [UInt8] = []
        var leadingBreak: [UInt8] = []
        var trailingBreaks: [UInt8] = []
        var whitespaces: [UInt8] = []
        var leadingBlanks = false
        let minimumIndent = indent + 1
        let start = cursor.mark
        var end = cursor.mark
        let flow = flowLevel > 0
        while true {
            if cursor.isDocumentIndicator || cursor.check("#") { break }
            while !cursor.isBlankOrEnd() {
                if flow && cursor.check(":") && cursor.check(.flowIndicatorsAndQuestionMark, 1) {
                    throw error(context, "found unexpected ':'")
                }
                if (cursor.check(":") && cursor.isBlankOrEnd(1)) || (flow && cursor.check(.flowIndicators)) { break }
                if leadingBlanks {
                    Self.fold(leadingBreak: &leadingBreak, trailingBreaks: &trailingBreaks, into: &text)
                    leadingBlanks = false
                } else if !whitespaces.isEmpty {
                    text.append(contentsOf: whitespaces)
                    whitespaces.removeAll(keepingCapacity: true)
                }
                try refuseByteOrderMarkInContent()
                cursor.read(into: &text)
                end = cursor.mark
            }
            guard cursor.isBlank() || cursor.isBreak() else { break }
            try scanBlanksAndBreaks(leadingBreak: &leadingBreak, trailingBreaks: &trailingBreaks, whitespaces: &whitespaces,
                                    leadingBlanks: &leadingBlanks, refusingIndentingTabsBelow: minimumIndent, context: context)
            if !flow && cursor.mark.column < minimumIndent { break }
        }
        var token = YAMLToken(.scalar, start: start, end: end)
        token.value = text
        token.style = .plain
        if leadingBlanks { simpleKeyAllowed = true }
        return token
    }
}
