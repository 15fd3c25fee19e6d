/// Repetitions: `*`, `+`, `?`, counts `{n}`, `{n,}`, `{n,m}`, their lazy forms, and RE2's bounds.
extension RegexParser {
    /// Applies `*`, `+`, `?` or a count (just consumed, starting at `operatorStart`) to the last term.
    mutating func repeatLastTerm(minimum: Int, maximum: Int?, counted: Bool, operatorStart: Int) throws(RegexSyntaxError) {
        // A lazy `?` changes which match is preferred, not whether there is one.
        if cursor.peek() == "?" { cursor.advance() }
        let operatorText = cursor.text(since: operatorStart)
        if let previous = previousRepetitionStart {
            let possessive = operatorText.hasPrefix("+") ? " (possessive quantifiers are not supported in RE2 syntax)" : ""
            throw RegexSyntaxError("invalid nested repetition operator \(cursor.text(since: previous))\(possessive)")
        }
        guard let last = currentGroup.sequence.last else {
            throw RegexSyntaxError("missing argument to repetition operator \(operatorText)")
        }
        let repeated = tree.repetition(last, minimum: minimum, maximum: maximum, counted: counted)
        guard repeated.repeatWeight <= RegexLimits.maximumRepeatCount else {
            throw RegexSyntaxError("invalid repeat count \(operatorText): nested repetition counts multiply to more than "
                + "\(RegexLimits.maximumRepeatCount)")
        }
        let term = try RegexParser.checked(repeated)
        updateCurrentGroup {
            _ = $0.sequence.popLast()
            $0.sequence.append(term)
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor (consumed), or nil when the brace starts none of them:
    /// then it is a literal, as are `{,n}` and counts with leading zeros.
    mutating func parseCount() throws(RegexSyntaxError) -> (minimum: Int, maximum: Int?)? {
        var ahead = 1
        guard let minimum = number(at: &ahead) else { return nil }
        var maximum: Int? = minimum
        if cursor.peek(ahead) == "," {
            ahead += 1
            if cursor.peek(ahead) == "}" {
                maximum = nil
            } else {
                guard let bound = number(at: &ahead) else { return nil }
                maximum = bound
            }
        }
        guard cursor.peek(ahead) == "}" else { return nil }
        ahead += 1
        let text = cursor.text(from: cursor.offset, to: cursor.offset + ahead)
        guard minimum <= RegexLimits.maximumRepeatCount, (maximum ?? 0) <= RegexLimits.maximumRepeatCount else {
            throw RegexSyntaxError("repetition count above \(RegexLimits.maximumRepeatCount) in \(text)")
        }
        if let maximum, minimum > maximum {
            throw RegexSyntaxError("invalid repeat count \(text): min > max")
        }
        cursor.advance(by: ahead)
        return (minimum, maximum)
    }

    /// Decimal digits at `ahead` (advanced past them); nil without digits or with a leading zero.
    /// Values past 100,000,000 read as `Int.max` (too big either way).
    private func number(at ahead: inout Int) -> Int? {
        guard let first = cursor.peek(ahead), RegexParser.isDigit(first) else { return nil }
        if first == "0", let second = cursor.peek(ahead + 1), RegexParser.isDigit(second) { return nil }
        var value = 0
        while let digit = cursor.peek(ahead), RegexParser.isDigit(digit) {
            value = value >= 100_000_000 ? Int.max : value * 10 + Int(digit.value - 0x30)
            ahead += 1
        }
        return value
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }
}
