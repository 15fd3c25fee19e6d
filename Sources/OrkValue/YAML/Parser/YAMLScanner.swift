/// Turns YAML text into tokens: a port of libyaml's scanner (the one Yams wraps) to safe Swift, so the
/// block structure, implicit keys, error cases and marks come out as libyaml's did.
///
/// The parser peeks and skips tokens; the scanner fetches more only while an implicit ("simple") key is
/// still possible, which is at most one line and 1,024 characters ahead. Flow nesting is limited to
/// ``YAMLReader/maxDepth`` + 1 levels (deeper documents are refused by the reader anyway).
struct YAMLScanner {
    /// A place where an implicit key may start, kept until its `:` is found or it can no longer be one.
    struct SimpleKey {
        var possible = false
        /// A block key at the current indentation: not finding its `:` is an error.
        var required = false
        var tokenNumber = 0
        var mark = YAMLMark()
    }

    let file: String
    var cursor: YAMLCursor
    var tokens: [YAMLToken] = []
    var head = 0
    var tokensParsed = 0
    var tokenAvailable = false
    var streamStartProduced = false
    private(set) var streamEndProduced = false
    /// The column of the innermost block collection; -1 at the top.
    var indent = -1
    var indents: [Int] = []
    var simpleKeyAllowed = false
    /// One entry per flow level (plus the block level).
    var simpleKeys: [SimpleKey] = []
    /// No key below this level is possible. Keys are saved only at the top level, so possible keys'
    /// marks and token numbers grow with the level: the staleness and lookahead checks need look only
    /// at the lowest possible key (libyaml walked every level for every token).
    var lowestPossibleKey = 0
    var flowLevel = 0

    init(cursor: YAMLCursor, file: String) {
        self.cursor = cursor
        self.file = file
    }

    func error(_ context: String?, _ problem: String) -> YAMLSyntaxError {
        .syntax(context, problem, at: cursor.mark, file: file)
    }

    /// Refuses a byte order mark read as scalar content: YAML 1.2 allows one only before a document
    /// (libyaml kept it as text, and Yams then dropped it when it began a scalar).
    func refuseByteOrderMarkInContent() throws(YAMLSyntaxError) {
        guard cursor.isByteOrderMark else { return }
        throw error(nil, "found a byte order mark (U+FEFF) inside a scalar; YAML allows it only at the start of a document")
    }

    /// The next token, fetching as many as needed to know it.
    mutating func peekToken() throws(YAMLSyntaxError) -> YAMLToken {
        if !tokenAvailable { try fetchMoreTokens() }
        guard head < tokens.count else { throw error("while scanning", "found no token") }
        return tokens[head]
    }

    /// Drops the token ``peekToken()`` returned.
    mutating func skipToken() {
        tokenAvailable = false
        tokensParsed += 1
        guard head < tokens.count else { return }
        if tokens[head].kind == .streamEnd { streamEndProduced = true }
        head += 1
        if head >= 256, head * 2 >= tokens.count {
            tokens.removeFirst(head)
            head = 0
        }
    }

    /// Queues `token` where the token numbered `number` (counted over the whole stream) is.
    mutating func insert(_ token: YAMLToken, atTokenNumber number: Int) {
        let position = min(max(head + number - tokensParsed, head), tokens.count)
        tokens.insert(token, at: position)
    }

    /// Fetches until the next token is known: while it may still turn out to be an implicit key (a
    /// `:` may follow), the tokens after it are needed first.
    private mutating func fetchMoreTokens() throws(YAMLSyntaxError) {
        while true {
            var needMore = head == tokens.count
            if !needMore {
                try staleSimpleKeys()
                if lowestPossibleKey < simpleKeys.count {
                    needMore = simpleKeys[lowestPossibleKey].possible && simpleKeys[lowestPossibleKey].tokenNumber == tokensParsed
                }
            }
            guard needMore else { break }
            try fetchNextToken()
        }
        tokenAvailable = true
    }

    private mutating func fetchNextToken() throws(YAMLSyntaxError) {
        guard streamStartProduced else { return fetchStreamStart() }
        try scanToNextToken()
        try staleSimpleKeys()
        unrollIndent(to: cursor.mark.column)
        if cursor.isAtEnd { return try fetchStreamEnd() }
        if cursor.mark.column == 0 && cursor.check("%") { return try fetchDirective() }
        if cursor.isDocumentIndicator {
            return try fetchDocumentIndicator(cursor.check("-") ? .documentStart : .documentEnd)
        }
        let flow = flowLevel > 0
        switch cursor.byte() {
        case UInt8(ascii: "["): return try fetchFlowCollectionStart(.flowSequenceStart)
        case UInt8(ascii: "{"): return try fetchFlowCollectionStart(.flowMappingStart)
        case UInt8(ascii: "]"): return try fetchFlowCollectionEnd(.flowSequenceEnd)
        case UInt8(ascii: "}"): return try fetchFlowCollectionEnd(.flowMappingEnd)
        case UInt8(ascii: ","): return try fetchFlowEntry()
        case UInt8(ascii: "-") where cursor.isBlankOrEnd(1): return try fetchBlockEntry()
        case UInt8(ascii: "?") where flow || cursor.isBlankOrEnd(1): return try fetchKey()
        case UInt8(ascii: ":") where flow || cursor.isBlankOrEnd(1): return try fetchValue()
        case UInt8(ascii: "*"): return try fetchAnchor(.alias)
        case UInt8(ascii: "&"): return try fetchAnchor(.anchor)
        case UInt8(ascii: "!"): return try fetchTag()
        case UInt8(ascii: "|") where !flow: return try fetchBlockScalar(literal: true)
        case UInt8(ascii: ">") where !flow: return try fetchBlockScalar(literal: false)
        case UInt8(ascii: "'"): return try fetchQuotedScalar(single: true)
        case UInt8(ascii: "\""): return try fetchQuotedScalar(single: false)
        default: break
        }
        let startsPlain = !(cursor.isBlankOrEnd() || cursor.check(.indicators))
            || (cursor.check("-") && !cursor.isBlank(1))
            || (!flow && (cursor.check("?") || cursor.check(":")) && !cursor.isBlankOrEnd(1))
        guard startsPlain else {
            throw error("while scanning for the next token", "found character that cannot start any token")
        }
        try fetchPlainScalar()
    }

    /// Skips blanks, comments and line breaks; a line break in block context allows an implicit key.
    /// Tabs are skipped only where they cannot be indentation (in flow context or after an indicator).
    private mutating func scanToNextToken() throws(YAMLSyntaxError) {
        while true {
            if cursor.mark.column == 0 && cursor.isByteOrderMark { cursor.skip() }
            while cursor.isSpace() || ((flowLevel > 0 || !simpleKeyAllowed) && cursor.isTab()) { cursor.skip() }
            if cursor.check("#") {
                while !cursor.isBreakOrEnd() { cursor.skip() }
            }
            guard cursor.isBreak() else { break }
            cursor.skipLine()
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }

    /// Forgets implicit keys that can no longer get their `:` (a line later or 1,024 characters on).
    /// Keys above a possible key that is not stale were saved later, so they are not stale either.
    private mutating func staleSimpleKeys() throws(YAMLSyntaxError) {
        var index = lowestPossibleKey
        while index < simpleKeys.count {
            let key = simpleKeys[index]
            if key.possible {
                guard key.mark.line < cursor.mark.line || key.mark.index + 1024 < cursor.mark.index else { break }
                if key.required { throw error("while scanning a simple key", "could not find expected ':'") }
                simpleKeys[index].possible = false
            }
            index += 1
        }
        while lowestPossibleKey < simpleKeys.count && !simpleKeys[lowestPossibleKey].possible {
            lowestPossibleKey += 1
        }
    }

    /// Remembers that the next token may be an implicit key.
    mutating func saveSimpleKey() throws(YAMLSyntaxError) {
        guard simpleKeyAllowed, let top = simpleKeys.indices.last else { return }
        let key = SimpleKey(possible: true, required: flowLevel == 0 && indent == cursor.mark.column,
                            tokenNumber: tokensParsed + (tokens.count - head), mark: cursor.mark)
        try removeSimpleKey()
        simpleKeys[top] = key
        lowestPossibleKey = min(lowestPossibleKey, top)
    }

    mutating func removeSimpleKey() throws(YAMLSyntaxError) {
        guard let top = simpleKeys.indices.last else { return }
        if simpleKeys[top].possible && simpleKeys[top].required {
            throw error("while scanning a simple key", "could not find expected ':'")
        }
        simpleKeys[top].possible = false
    }

    mutating func increaseFlowLevel() throws(YAMLSyntaxError) {
        guard flowLevel <= YAMLReader.maxDepth else {
            var refusal = error(nil, "document is nested more than \(YAMLReader.maxDepth) levels deep")
            refusal.limit = .depth
            throw refusal
        }
        simpleKeys.append(SimpleKey())
        flowLevel += 1
    }

    mutating func decreaseFlowLevel() {
        guard flowLevel > 0 else { return }
        flowLevel -= 1
        simpleKeys.removeLast()
        lowestPossibleKey = min(lowestPossibleKey, simpleKeys.count)
    }

    /// Opens a block collection at `column` when it is deeper than the current one: queues its start
    /// token at the end, or before the token numbered `number` (an implicit key found at its `:`).
    mutating func rollIndent(to column: Int, tokenNumber number: Int?, _ kind: YAMLToken.Kind, at mark: YAMLMark) {
        guard flowLevel == 0, indent < column else { return }
        indents.append(indent)
        indent = column
        let token = YAMLToken(kind, start: mark, end: mark)
        if let number {
            insert(token, atTokenNumber: number)
        } else {
            tokens.append(token)
        }
    }

    /// Closes the block collections deeper than `column`.
    mutating func unrollIndent(to column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column {
            tokens.append(YAMLToken(.blockEnd, start: cursor.mark, end: cursor.mark))
            indent = indents.popLast() ?? -1
        }
    }
}
