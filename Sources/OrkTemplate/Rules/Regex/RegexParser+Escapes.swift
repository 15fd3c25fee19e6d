/// Backslash sequences: assertions, `\Q…\E`, Perl and Unicode classes, and single-character escapes.
extension RegexParser {
    /// A backslash outside a bracket class (the cursor is on it).
    mutating func parseBackslash() throws(RegexSyntaxError) {
        guard let letter = cursor.peek(1) else {
            throw RegexSyntaxError("trailing backslash at end of expression")
        }
        switch letter {
        case "A", "z", "b", "B":
            cursor.advance(by: 2)
            let assertion: RegexAssertion = letter == "A" ? .beginText : letter == "z" ? .endText
                : letter == "b" ? .wordBoundary : .notWordBoundary
            pushNode(.assertion(assertion))
        case "C":
            throw RegexSyntaxError("invalid escape sequence \\C: matching single bytes is not supported (RE2 syntax)")
        case "Q":
            // Literal text up to \E or the end.
            cursor.advance(by: 2)
            while !cursor.isAtEnd, !cursor.startsWith("\\E") {
                if let scalar = cursor.next() { pushLiteral(scalar.value) }
            }
            if cursor.startsWith("\\E") { cursor.advance(by: 2) }
        case "p", "P":
            pushNode(.scalarClass(ScalarClass(try parseUnicodeClass())))
        case "d", "s", "w", "D", "S", "W":
            pushNode(.scalarClass(ScalarClass(parsePerlClass())))
        default:
            pushLiteral(try parseEscape())
        }
    }

    /// `\d \s \w` and their negations `\D \S \W`, ASCII-only as in RE2 (the cursor is on the backslash).
    mutating func parsePerlClass() -> ScalarPredicate {
        let letter = cursor.peek(1) ?? "d"
        cursor.advance(by: 2)
        let lower = Unicode.Scalar(UInt8(truncatingIfNeeded: letter.value) | 0x20)
        let ranges = ASCIIClasses.perl(lower) ?? ScalarRanges([])
        return applyingFlags(.ranges(ranges), negated: letter != lower)
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL` (the cursor is on the backslash).
    mutating func parseUnicodeClass() throws(RegexSyntaxError) -> ScalarPredicate {
        let start = cursor.offset
        var negated = cursor.peek(1) == "P"
        cursor.advance(by: 2)
        var name: String
        if cursor.peek() == "{" {
            guard let close = cursor.distance(to: "}") else {
                throw RegexSyntaxError("invalid character class range \(cursor.text(from: start, to: Int.max)): missing closing }")
            }
            name = cursor.text(from: cursor.offset + 1, to: cursor.offset + close)
            cursor.advance(by: close + 1)
        } else {
            guard let letter = cursor.next() else {
                throw RegexSyntaxError("invalid character class range \(cursor.text(since: start)): a class name must follow")
            }
            name = String(letter)
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let predicate = UnicodeClassNames.predicate(named: name) else {
            throw RegexSyntaxError("invalid character class range \(cursor.text(since: start)): "
                + "not a Unicode general category or script")
        }
        return applyingFlags(predicate, negated: negated)
    }

    /// A class under the current flags: folded first under `(?i)`, then negated, as RE2 does (so
    /// `(?i)\W` matches neither `k` nor the Kelvin sign).
    func applyingFlags(_ predicate: ScalarPredicate, negated: Bool) -> ScalarPredicate {
        let folded = flags.foldCase ? ScalarPredicate.caseFolded(predicate) : predicate
        return negated ? .complement(folded) : folded
    }

    /// A single-character escape (the cursor is on the backslash): octal `\123`, hexadecimal `\x41`
    /// and `\x{263a}`, `\a \f \n \r \t \v`, or an escaped ASCII punctuation character.
    mutating func parseEscape() throws(RegexSyntaxError) -> UInt32 {
        let start = cursor.offset
        cursor.advance()
        guard let letter = cursor.next() else {
            throw RegexSyntaxError("trailing backslash at end of expression")
        }
        func invalid(_ why: String = "") -> RegexSyntaxError {
            RegexSyntaxError("invalid escape sequence \(cursor.text(since: start))\(why)")
        }
        switch letter {
        case "0":
            return parseOctal(firstDigit: letter)
        case "1"..."7" where cursor.peek().map(RegexParser.isOctalDigit) == true:
            // \1…\7 followed by another octal digit is octal; alone it would be a backreference.
            return parseOctal(firstDigit: letter)
        case "1"..."9", "k", "g":
            throw invalid(": backreferences are not supported (RE2 syntax)")
        case "x":
            guard let value = parseHexadecimal() else { throw invalid() }
            return value
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "Z":
            throw invalid(": RE2 has no \\Z; \\z is the end of the text")
        default:
            // Escaped ASCII punctuation is itself; any other escape is an error, as in RE2.
            let isASCIIPunctuation = letter.isASCII && !ASCIIClasses.word.contains(letter.value) || letter == "_"
            guard isASCIIPunctuation else { throw invalid() }
            return letter.value
        }
    }

    /// After a first octal digit: up to two more.
    private mutating func parseOctal(firstDigit: Unicode.Scalar) -> UInt32 {
        var value = firstDigit.value - 0x30
        for _ in 0..<2 {
            guard let digit = cursor.peek(), RegexParser.isOctalDigit(digit) else { break }
            value = value * 8 + (digit.value - 0x30)
            cursor.advance()
        }
        return value
    }

    /// After `\x`: two hexadecimal digits, or one or more in braces up to 10FFFF; nil when invalid.
    private mutating func parseHexadecimal() -> UInt32? {
        guard let first = cursor.next() else { return nil }
        guard first == "{" else {
            guard let high = RegexParser.hexValue(first), let second = cursor.next(), let low = RegexParser.hexValue(second) else {
                return nil
            }
            return high * 16 + low
        }
        var value: UInt32 = 0
        var digits = 0
        while let scalar = cursor.next() {
            if scalar == "}" { return digits > 0 ? value : nil }
            guard let digit = RegexParser.hexValue(scalar) else { return nil }
            // value is at most 10FFFF before this step, so it cannot overflow.
            value = value * 16 + digit
            guard value <= ScalarRanges.maximumCodePoint else { return nil }
            digits += 1
        }
        return nil
    }

    static func isOctalDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x37
    }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: return scalar.value - 0x30
        case 0x41...0x46: return scalar.value - 0x41 + 10
        case 0x61...0x66: return scalar.value - 0x61 + 10
        default: return nil
        }
    }
}
