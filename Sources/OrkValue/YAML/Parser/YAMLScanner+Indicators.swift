/// The scanner's token fetchers: each updates the implicit-key and indentation state the way libyaml
/// does for its indicator, then scans and queues the token.
extension YAMLScanner {
    mutating func fetchStreamStart() {
        indent = -1
        simpleKeys.append(SimpleKey())
        simpleKeyAllowed = true
        streamStartProduced = true
        tokens.append(YAMLToken(.streamStart, start: cursor.mark, end: cursor.mark))
    }

    mutating func fetchStreamEnd() throws(YAMLSyntaxError) {
        cursor.endLine()
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        tokens.append(YAMLToken(.streamEnd, start: cursor.mark, end: cursor.mark))
    }

    mutating func fetchDirective() throws(YAMLSyntaxError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        tokens.append(try scanDirective())
    }

    mutating func fetchDocumentIndicator(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        let start = cursor.mark
        cursor.skip()
        cursor.skip()
        cursor.skip()
        tokens.append(YAMLToken(kind, start: start, end: cursor.mark))
    }

    mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try saveSimpleKey()
        try increaseFlowLevel()
        simpleKeyAllowed = true
        appendSingleCharacterToken(kind)
    }

    mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try removeSimpleKey()
        decreaseFlowLevel()
        simpleKeyAllowed = false
        appendSingleCharacterToken(kind)
    }

    mutating func fetchFlowEntry() throws(YAMLSyntaxError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        appendSingleCharacterToken(.flowEntry)
    }

    mutating func fetchBlockEntry() throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            guard simpleKeyAllowed else {
                throw error(nil, "block sequence entries are not allowed in this context")
            }
            rollIndent(to: cursor.mark.column, tokenNumber: nil, .blockSequenceStart, at: cursor.mark)
        }
        try removeSimpleKey()
        simpleKeyAllowed = true
        appendSingleCharacterToken(.blockEntry)
    }

    /// `?`, an explicit key.
    mutating func fetchKey() throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            guard simpleKeyAllowed else { throw error(nil, "mapping keys are not allowed in this context") }
            rollIndent(to: cursor.mark.column, tokenNumber: nil, .blockMappingStart, at: cursor.mark)
        }
        try removeSimpleKey()
        simpleKeyAllowed = flowLevel == 0
        appendSingleCharacterToken(.key)
    }

    /// `:`; when an implicit key was possible, its KEY token (and a mapping start) go in before it.
    mutating func fetchValue() throws(YAMLSyntaxError) {
        if let top = simpleKeys.indices.last, simpleKeys[top].possible {
            let key = simpleKeys[top]
            insert(YAMLToken(.key, start: key.mark, end: key.mark), atTokenNumber: key.tokenNumber)
            rollIndent(to: key.mark.column, tokenNumber: key.tokenNumber, .blockMappingStart, at: key.mark)
            simpleKeys[top].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                guard simpleKeyAllowed else { throw error(nil, "mapping values are not allowed in this context") }
                rollIndent(to: cursor.mark.column, tokenNumber: nil, .blockMappingStart, at: cursor.mark)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        appendSingleCharacterToken(.value)
    }

    mutating func fetchAnchor(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        tokens.append(try scanAnchor(kind))
    }

    mutating func fetchTag() throws(YAMLSyntaxError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        tokens.append(try scanTag())
    }

    mutating func fetchBlockScalar(literal: Bool) throws(YAMLSyntaxError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        tokens.append(try scanBlockScalar(literal: literal))
    }

    mutating func fetchQuotedScalar(single: Bool) throws(YAMLSyntaxError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        tokens.append(try scanQuotedScalar(single: single))
    }

    mutating func fetchPlainScalar() throws(YAMLSyntaxError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let before = cursor.offset
        let token = try scanPlainScalar()
        guard cursor.offset > before else {
            throw error("while scanning for the next token", "found character that cannot start any token")
        }
        tokens.append(token)
    }

    private mutating func appendSingleCharacterToken(_ kind: YAMLToken.Kind) {
        let start = cursor.mark
        cursor.skip()
        tokens.append(YAMLToken(kind, start: start, end: cursor.mark))
    }
}
