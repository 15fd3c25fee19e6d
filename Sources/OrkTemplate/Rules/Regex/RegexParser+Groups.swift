/// Groups: `(…)`, `(?:…)`, named groups and flag groups `(?i)`, `(?i-s:…)`, and their refusals.
extension RegexParser {
    mutating func openGroup() throws(RegexSyntaxError) {
        let start = cursor.offset
        guard cursor.peek(1) == "?" else {
            cursor.advance()
            groups.append(Group(flagsOutside: flags))
            return
        }
        if cursor.startsWith("(?=") || cursor.startsWith("(?!") || cursor.startsWith("(?<=") || cursor.startsWith("(?<!") {
            throw RegexSyntaxError("lookahead and lookbehind are not supported (RE2 syntax)")
        }
        if cursor.startsWith("(?>") { throw RegexSyntaxError("atomic groups are not supported (RE2 syntax)") }
        if cursor.startsWith("(?P=") { throw RegexSyntaxError("backreferences are not supported (RE2 syntax)") }
        if cursor.startsWith("(?P>") || cursor.startsWith("(?&") || cursor.startsWith("(?R") {
            throw RegexSyntaxError("recursion and subroutine calls are not supported (RE2 syntax)")
        }
        if cursor.startsWith("(?#") { throw RegexSyntaxError("comments are not supported (RE2 syntax)") }
        if cursor.startsWith("(?P<") { return try openNamedGroup(prefixLength: 4) }
        if cursor.startsWith("(?<") { return try openNamedGroup(prefixLength: 3) }

        // Flags: (?i) (?-s) (?im-s:…); after `-` at least one flag must follow.
        cursor.advance(by: 2)
        var newFlags = flags
        var negated = false
        var sawFlag = false
        func invalid() -> RegexSyntaxError {
            RegexSyntaxError("invalid or unsupported Perl syntax \(cursor.text(since: start)) (RE2 flags are i, m, s and U)")
        }
        while let scalar = cursor.next() {
            switch scalar {
            case "i", "m", "s", "U":
                // U (non-greedy by default) changes which match is preferred, not whether one exists.
                if scalar == "i" { newFlags.foldCase = !negated }
                if scalar == "m" { newFlags.multiLine = !negated }
                if scalar == "s" { newFlags.dotMatchesNewline = !negated }
                sawFlag = true
            case "-":
                guard !negated else { throw invalid() }
                negated = true
                sawFlag = false
            case ":", ")":
                guard !negated || sawFlag else { throw invalid() }
                if scalar == ":" { groups.append(Group(flagsOutside: flags)) }
                flags = newFlags
                return
            default:
                throw invalid()
            }
        }
        throw invalid()
    }

    /// `(?P<name>` or `(?<name>`: a group whose name is letters, digits and underscores.
    private mutating func openNamedGroup(prefixLength: Int) throws(RegexSyntaxError) {
        let start = cursor.offset
        guard let close = cursor.distance(to: ">", from: prefixLength) else {
            throw RegexSyntaxError("invalid named capture \(cursor.text(from: start, to: start + prefixLength)): missing >")
        }
        let name = cursor.text(from: start + prefixLength, to: start + close)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ASCIIClasses.word.contains($0.value) }) else {
            throw RegexSyntaxError("invalid named capture \(cursor.text(from: start, to: start + close + 1)): "
                + "a name is letters, digits and underscores")
        }
        cursor.advance(by: close + 1)
        groups.append(Group(flagsOutside: flags))
    }

    mutating func closeGroup() throws(RegexSyntaxError) {
        guard groups.count > 1, let group = groups.popLast() else {
            throw RegexSyntaxError("unexpected ): more ) than (")
        }
        cursor.advance()
        flags = group.flagsOutside
        push(try finish(group))
    }
}
