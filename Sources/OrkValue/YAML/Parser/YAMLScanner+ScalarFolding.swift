/// What plain and quoted scalars share: the blanks and line breaks between two runs of text, and how
/// they fold (libyaml repeats this loop in both scanners; only the plain one refuses indenting tabs).
extension YAMLScanner {
    /// Reads blanks and line breaks: blanks before the first break are kept in `whitespaces`, the first
    /// break in `leadingBreak` (then `leadingBlanks` is true and later blanks are skipped), later breaks
    /// in `trailingBreaks`. With `refusingIndentingTabsBelow`, a tab after a break before that column is
    /// an error (plain scalars: a tab cannot indent).
    mutating func scanBlanksAndBreaks(leadingBreak: inout [UInt8], trailingBreaks: inout [UInt8], whitespaces: inout [UInt8],
                                      leadingBlanks: inout Bool, refusingIndentingTabsBelow minimumIndent: Int?,
                                      context: String) throws(YAMLSyntaxError) {
        while cursor.isBlank() || cursor.isBreak() {
            if cursor.isBlank() {
                if let minimumIndent, leadingBlanks && cursor.mark.column < minimumIndent && cursor.isTab() {
                    throw error(context, "found a tab character that violates indentation")
                }
                if leadingBlanks { cursor.skip() } else { cursor.read(into: &whitespaces) }
            } else if leadingBlanks {
                cursor.readLine(into: &trailingBreaks)
            } else {
                whitespaces.removeAll(keepingCapacity: true)
                cursor.readLine(into: &leadingBreak)
                leadingBlanks = true
            }
        }
    }

    /// Line folding in flow and plain scalars: one line break is a space, more breaks are kept minus the first.
    static func fold(leadingBreak: inout [UInt8], trailingBreaks: inout [UInt8], into text: inout [UInt8]) {
        if leadingBreak.first == 0x0A {
            if trailingBreaks.isEmpty {
                text.append(0x20)
            } else {
                text.append(contentsOf: trailingBreaks)
                trailingBreaks.removeAll(keepingCapacity: true)
            }
            leadingBreak.removeAll(keepingCapacity: true)
        } else {
            text.append(contentsOf: leadingBreak)
            text.append(contentsOf: trailingBreaks)
            leadingBreak.removeAll(keepingCapacity: true)
            trailingBreaks.removeAll(keepingCapacity: true)
        }
    }
}
