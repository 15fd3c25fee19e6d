/// Why a pattern is refused, in words for Katalog authors.
struct RegexSyntaxError: Error, Sendable, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A parsed pattern: its tree and the root's term.
struct ParsedPattern: Sendable {
    let tree: RegexSyntaxTree
    let root: RegexTerm
}

/// The flags a pattern can set with `(?i)`, `(?m)`, `(?s)` (and `(?U)`, which changes no answer).
struct RegexFlags: Sendable, Equatable {
    var foldCase = false
    var multiLine = false
    var dotMatchesNewline = false
}

/// Parses RE2 syntax as Go's `regexp` accepts it (Perl flags, Unicode groups) into a `RegexTerm`, with
/// Go's refusals and the same left-to-right, one-stack structure as Go's parser: each group keeps the
/// alternatives it has finished and the sequence it is building; a repetition operator applies to the
/// last term of the sequence. Groups and flags are in `RegexParser+Groups.swift`, repetitions in
/// `RegexParser+Repetition.swift`, escapes in `RegexParser+Escapes.swift`, bracket classes in
/// `RegexParser+Classes.swift`.
struct RegexParser {
    /// The alternatives and the current sequence of one open group (the whole pattern at the bottom).
    struct Group {
        var alternatives: [RegexTerm] = []
        var sequence: [RegexTerm] = []
        /// Restored when the group closes (flags set inside a group end with it).
        let flagsOutside: RegexFlags
    }

    var cursor: PatternCursor
    var flags = RegexFlags()
    var tree = RegexSyntaxTree()
    var groups: [Group]
    /// Where the previous token began when it was a repetition operator (stacking them is an error).
    var previousRepetitionStart: Int?
    /// Once a search for the `:]` of a `[:name:]` found none from this offset on, none can be found later.
    var noPOSIXClassEndFrom: Int?

    static func parse(_ pattern: String) -> Result<ParsedPattern, RegexSyntaxError> {
        var parser = RegexParser(cursor: PatternCursor(pattern), groups: [Group(flagsOutside: RegexFlags())])
        do {
            let root = try parser.parsePattern()
            return .success(ParsedPattern(tree: parser.tree, root: root))
        } catch {
            return .failure(error)
        }
    }

    private init(cursor: PatternCursor, groups: [Group]) {
        self.cursor = cursor
        self.groups = groups
    }

    private mutating func parsePattern() throws(RegexSyntaxError) -> RegexTerm {
        while let scalar = cursor.peek() {
            let start = cursor.offset
            var isRepetition = false
            switch scalar {
            case "(":
                try openGroup()
            case "|":
                cursor.advance()
                let alternative = try RegexParser.checked(tree.concatenation(currentGroup.sequence))
                updateCurrentGroup {
                    $0.alternatives.append(alternative)
                    $0.sequence = []
                }
            case ")":
                try closeGroup()
            case "^":
                cursor.advance()
                pushNode(.assertion(flags.multiLine ? .beginLine : .beginText))
            case "$":
                cursor.advance()
                pushNode(.assertion(flags.multiLine ? .endLine : .endText))
            case ".":
                cursor.advance()
                pushNode(flags.dotMatchesNewline ? .anyScalar : .anyScalarExceptNewline)
            case "[":
                pushNode(.scalarClass(try parseBracketClass()))
            case "*", "+", "?":
                cursor.advance()
                let bounds: (Int, Int?) = scalar == "*" ? (0, nil) : scalar == "+" ? (1, nil) : (0, 1)
                try repeatLastTerm(minimum: bounds.0, maximum: bounds.1, counted: false, operatorStart: start)
                isRepetition = true
            case "{":
                if let count = try parseCount() {
                    try repeatLastTerm(minimum: count.minimum, maximum: count.maximum, counted: true, operatorStart: start)
                    isRepetition = true
                } else {
                    // A brace that does not start a repetition is a literal.
                    cursor.advance()
                    pushLiteral(scalar.value)
                }
            case "\\":
                try parseBackslash()
            default:
                cursor.advance()
                pushLiteral(scalar.value)
            }
            previousRepetitionStart = isRepetition ? start : nil
        }
        guard groups.count == 1, let top = groups.popLast() else {
            throw RegexSyntaxError("missing closing )")
        }
        return try finish(top)
    }

    // MARK: The group being built

    var currentGroup: Group {
        groups.last ?? Group(flagsOutside: flags)
    }

    mutating func updateCurrentGroup(_ change: (inout Group) -> Void) {
        guard var group = groups.popLast() else { return }
        change(&group)
        groups.append(group)
    }

    mutating func push(_ term: RegexTerm) {
        updateCurrentGroup { $0.sequence.append(term) }
    }

    /// Pushes a node that compiles to a single instruction.
    mutating func pushNode(_ node: RegexNode) {
        push(tree.single(node))
    }

    /// A literal, or under `(?i)` the class of its case-folding orbit.
    mutating func pushLiteral(_ codePoint: UInt32) {
        if flags.foldCase {
            let orbit = CaseFoldOrbits.orbit(of: codePoint)
            if orbit.count > 1 {
                pushNode(.scalarClass(ScalarClass(.ranges(ScalarRanges(scalars: orbit)))))
                return
            }
        }
        pushNode(.scalar(codePoint))
    }

    /// The group's alternatives, the last one being its current sequence.
    mutating func finish(_ group: Group) throws(RegexSyntaxError) -> RegexTerm {
        let last = try RegexParser.checked(tree.concatenation(group.sequence))
        return try RegexParser.checked(tree.alternation(group.alternatives + [last]))
    }

    /// `term`, unless it nests too deeply or compiles to too many instructions.
    static func checked(_ term: RegexTerm) throws(RegexSyntaxError) -> RegexTerm {
        guard term.height <= RegexLimits.maximumNesting else {
            throw RegexSyntaxError("expression nests too deeply (more than \(RegexLimits.maximumNesting) levels)")
        }
        guard term.size <= RegexLimits.maximumProgramSize else {
            throw RegexSyntaxError("expression too large: with its counted repetitions expanded it needs more than "
                + "\(RegexLimits.maximumProgramSize) instructions")
        }
        return term
    }
}
