/// Turns tokens into events: a port of libyaml's parser state machine. It keeps an explicit stack of
/// states instead of recursing, so nesting costs memory proportional to depth, never call stack; the
/// composer refuses documents deeper than ``YAMLReader/maxDepth`` before that stack grows further.
struct YAMLEventParser {
    enum State {
        case streamStart, implicitDocumentStart, documentStart, documentContent, documentEnd
        case blockNode, blockNodeOrIndentlessSequence, flowNode
        case blockSequenceFirstEntry, blockSequenceEntry, indentlessSequenceEntry
        case blockMappingFirstKey, blockMappingKey, blockMappingValue
        case flowSequenceFirstEntry, flowSequenceEntry
        case flowSequenceEntryMappingKey, flowSequenceEntryMappingValue, flowSequenceEntryMappingEnd
        case flowMappingFirstKey, flowMappingKey, flowMappingValue, flowMappingEmptyValue
        case end
    }

    var scanner: YAMLScanner
    var state: State = .streamStart
    var states: [State] = []
    /// The prefixes of the current document's `%TAG` handles and of the defaults `!` and `!!`, by handle.
    var tagPrefixes: [[UInt8]: [UInt8]] = [:]

    init(scanner: YAMLScanner) {
        self.scanner = scanner
    }

    func error(_ context: String?, _ problem: String, at mark: YAMLMark) -> YAMLSyntaxError {
        .syntax(context, problem, at: mark, file: scanner.file)
    }

    mutating func popState() -> State {
        states.popLast() ?? .end
    }

    /// The next event, nil after the end of the stream.
    mutating func next() throws(YAMLSyntaxError) -> YAMLEvent? {
        if scanner.streamEndProduced { return nil }
        switch state {
        case .streamStart: return try parseStreamStart()
        case .implicitDocumentStart: return try parseDocumentStart(implicit: true)
        case .documentStart: return try parseDocumentStart(implicit: false)
        case .documentContent: return try parseDocumentContent()
        case .documentEnd: return try parseDocumentEnd()
        case .blockNode: return try parseNode(block: true, indentlessSequence: false)
        case .blockNodeOrIndentlessSequence: return try parseNode(block: true, indentlessSequence: true)
        case .flowNode: return try parseNode(block: false, indentlessSequence: false)
        case .blockSequenceFirstEntry: return try parseBlockSequenceEntry(first: true)
        case .blockSequenceEntry: return try parseBlockSequenceEntry(first: false)
        case .indentlessSequenceEntry: return try parseIndentlessSequenceEntry()
        case .blockMappingFirstKey: return try parseBlockMappingKey(first: true)
        case .blockMappingKey: return try parseBlockMappingKey(first: false)
        case .blockMappingValue: return try parseBlockMappingValue()
        case .flowSequenceFirstEntry: return try parseFlowSequenceEntry(first: true)
        case .flowSequenceEntry: return try parseFlowSequenceEntry(first: false)
        case .flowSequenceEntryMappingKey: return try parseFlowSequenceEntryMappingKey()
        case .flowSequenceEntryMappingValue: return try parseFlowSequenceEntryMappingValue()
        case .flowSequenceEntryMappingEnd: return try parseFlowSequenceEntryMappingEnd()
        case .flowMappingFirstKey: return try parseFlowMappingKey(first: true)
        case .flowMappingKey: return try parseFlowMappingKey(first: false)
        case .flowMappingValue: return try parseFlowMappingValue(empty: false)
        case .flowMappingEmptyValue: return try parseFlowMappingValue(empty: true)
        case .end: return nil
        }
    }

    private mutating func parseStreamStart() throws(YAMLSyntaxError) -> YAMLEvent {
        let token = try scanner.peekToken()
        guard token.kind == .streamStart else { throw error(nil, "did not find expected <stream-start>", at: token.start) }
        state = .implicitDocumentStart
        scanner.skipToken()
        return YAMLEvent(.streamStart, at: token.start)
    }

    private mutating func parseDocumentStart(implicit: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if !implicit {
            while token.kind == .documentEnd {
                scanner.skipToken()
                token = try scanner.peekToken()
            }
        }
        if implicit && !Self.startsExplicitDocument(token.kind) {
            try processDirectives()
            states.append(.documentEnd)
            state = .blockNode
            return YAMLEvent(.documentStart, at: token.start)
        }
        guard token.kind != .streamEnd else {
            state = .end
            scanner.skipToken()
            return YAMLEvent(.streamEnd, at: token.start)
        }
        let start = token.start
        try processDirectives()
        token = try scanner.peekToken()
        guard token.kind == .documentStart else {
            throw error(nil, "did not find expected <document start>", at: token.start)
        }
        states.append(.documentEnd)
        state = .documentContent
        scanner.skipToken()
        return YAMLEvent(.documentStart, at: start)
    }

    private mutating func parseDocumentContent() throws(YAMLSyntaxError) -> YAMLEvent {
        let token = try scanner.peekToken()
        guard !Self.startsExplicitDocument(token.kind) && token.kind != .documentEnd else {
            state = popState()
            return .emptyScalar(at: token.start)
        }
        return try parseNode(block: true, indentlessSequence: false)
    }

    private mutating func parseDocumentEnd() throws(YAMLSyntaxError) -> YAMLEvent {
        let token = try scanner.peekToken()
        if token.kind == .documentEnd { scanner.skipToken() }
        tagPrefixes.removeAll()
        state = .documentStart
        return YAMLEvent(.documentEnd, at: token.start)
    }

    /// A directive, `---` or the end: what an implicit document cannot start with.
    private static func startsExplicitDocument(_ kind: YAMLToken.Kind) -> Bool {
        switch kind {
        case .versionDirective, .tagDirective, .documentStart, .streamEnd: return true
        default: return false
        }
    }

    /// `%YAML` (1.1 or 1.2, at most once) and `%TAG` directives, at most
    /// ``YAMLReader/maxDirectivesPerDocument`` of them, then the default handles.
    private mutating func processDirectives() throws(YAMLSyntaxError) {
        var token = try scanner.peekToken()
        var sawVersion = false
        var count = 0
        while token.kind == .versionDirective || token.kind == .tagDirective {
            count += 1
            guard count <= YAMLReader.maxDirectivesPerDocument else {
                var refusal = error(nil, "found more than \(YAMLReader.maxDirectivesPerDocument) directives before one document",
                                    at: token.start)
                refusal.limit = .directives
                throw refusal
            }
            if token.kind == .versionDirective {
                guard !sawVersion else { throw error(nil, "found duplicate %YAML directive", at: token.start) }
                guard token.major == 1, token.minor == 1 || token.minor == 2 else {
                    throw error(nil, "found incompatible YAML document", at: token.start)
                }
                sawVersion = true
            } else {
                try addTagDirective(handle: token.handle, prefix: token.value, allowDuplicates: false, at: token.start)
            }
            scanner.skipToken()
            token = try scanner.peekToken()
        }
        try addTagDirective(handle: Array("!".utf8), prefix: Array("!".utf8), allowDuplicates: true, at: token.start)
        try addTagDirective(handle: Array("!!".utf8), prefix: Array("tag:yaml.org,2002:".utf8), allowDuplicates: true,
                            at: token.start)
    }

    private mutating func addTagDirective(handle: [UInt8], prefix: [UInt8], allowDuplicates: Bool,
                                          at mark: YAMLMark) throws(YAMLSyntaxError) {
        if tagPrefixes[handle] != nil {
            if allowDuplicates { return }
            throw error(nil, "found duplicate %TAG directive", at: mark)
        }
        tagPrefixes[handle] = prefix
    }
}
