/// Bracket classes: `[abc]`, `[^a-z]`, `[[:alpha:]]`, `[\d\pL]`. As in RE2, `]` first is a literal,
/// `-` is a literal where it cannot make a range, `[` and `&` are literals, and `(?i)` folds each item.
extension RegexParser {
    /// The class at the cursor (on its `[`), consumed through its `]`.
    mutating func parseBracketClass() throws(RegexSyntaxError) -> ScalarClass {
        cursor.advance()
        var negated = false
        if cursor.peek() == "^" {
            negated = true
            cursor.advance()
        }
        var ranges: [ClosedRange<UInt32>] = []
        var members: [ScalarPredicate] = []
        var first = true
        while true {
            guard let scalar = cursor.peek() else { throw RegexSyntaxError("missing closing ]") }
            if scalar == "]", !first {
                cursor.advance()
                break
            }
            first = false
            if scalar == "[", cursor.peek(1) == ":", let named = try parsePOSIXClass() {
                members.append(named)
                continue
            }
            if scalar == "\\", let letter = cursor.peek(1) {
                if letter == "p" || letter == "P" {
                    members.append(try parseUnicodeClass())
                    continue
                }
                if "dswDSW".unicodeScalars.contains(letter) {
                    members.append(parsePerlClass())
                    continue
                }
            }
            let rangeStart = cursor.offset
            let low = try parseClassCharacter()
            var high = low
            // `a-z` is a range; `a-]` is `a` and `-`.
            if cursor.peek() == "-", let after = cursor.peek(1), after != "]" {
                cursor.advance()
                high = try parseClassCharacter()
                guard low <= high else {
                    throw RegexSyntaxError("not valid RE2 syntax: invalid character class range \(cursor.text(since: rangeStart))")
                }
            }
            ranges.append(low...high)
        }
        var predicate = ScalarPredicate.ranges(ScalarRanges(ranges))
        if flags.foldCase { predicate = .caseFolded(predicate) }
        if !members.isEmpty { predicate = .union([predicate] + members) }
        return ScalarClass(negated ? .complement(predicate) : predicate)
    }

    /// One character of a class: itself or an escape.
    private mutating func parseClassCharacter() throws(RegexSyntaxError) -> UInt32 {
        guard let scalar = cursor.peek() else { throw RegexSyntaxError("missing closing ]") }
        if scalar == "\\" { return try parseEscape() }
        cursor.advance()
        return scalar.value
    }

    /// `[:alpha:]` or `[:^alpha:]` at the cursor (on its `[`), consumed; nil when no `:]` follows (then
    /// the `[` is a literal). An unknown name is an error, as in RE2.
    private mutating func parsePOSIXClass() throws(RegexSyntaxError) -> ScalarPredicate? {
        if let none = noPOSIXClassEndFrom, cursor.offset >= none { return nil }
        var ahead = 2
        while let scalar = cursor.peek(ahead), !(scalar == ":" && cursor.peek(ahead + 1) == "]") {
            ahead += 1
        }
        guard cursor.peek(ahead) != nil else {
            noPOSIXClassEndFrom = cursor.offset
            return nil
        }
        let text = cursor.text(from: cursor.offset, to: cursor.offset + ahead + 2)
        var name = cursor.text(from: cursor.offset + 2, to: cursor.offset + ahead)
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = ASCIIClasses.posix(name) else {
            throw RegexSyntaxError("invalid character class range \(text): not a POSIX class name")
        }
        cursor.advance(by: ahead + 2)
        return applyingFlags(.ranges(ranges), negated: negated)
    }
}
