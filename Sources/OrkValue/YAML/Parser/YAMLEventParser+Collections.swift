/// Block and flow sequences and mappings; an omitted key, value or item is an empty scalar.
extension YAMLEventParser {
    mutating func parseBlockSequenceEntry(first: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        if first { scanner.skipToken() }
        var token = try scanner.peekToken()
        switch token.kind {
        case .blockEntry:
            let mark = token.end
            scanner.skipToken()
            token = try scanner.peekToken()
            guard token.kind == .blockEntry || token.kind == .blockEnd else {
                states.append(.blockSequenceEntry)
                return try parseNode(block: true, indentlessSequence: false)
            }
            state = .blockSequenceEntry
            return .emptyScalar(at: mark)
        case .blockEnd:
            state = popState()
            scanner.skipToken()
            return YAMLEvent(.sequenceEnd, at: token.start)
        default:
            throw error("while parsing a block collection", "did not find expected '-' indicator", at: token.start)
        }
    }

    /// A sequence at the same indentation as its mapping key (`key:` then `- item` lines).
    mutating func parseIndentlessSequenceEntry() throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        guard token.kind == .blockEntry else {
            state = popState()
            return YAMLEvent(.sequenceEnd, at: token.start)
        }
        let mark = token.end
        scanner.skipToken()
        token = try scanner.peekToken()
        switch token.kind {
        case .blockEntry, .key, .value, .blockEnd: break
        default:
            states.append(.indentlessSequenceEntry)
            return try parseNode(block: true, indentlessSequence: false)
        }
        state = .indentlessSequenceEntry
        return .emptyScalar(at: mark)
    }

    mutating func parseBlockMappingKey(first: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        if first { scanner.skipToken() }
        var token = try scanner.peekToken()
        switch token.kind {
        case .key:
            let mark = token.end
            scanner.skipToken()
            token = try scanner.peekToken()
            guard token.kind == .key || token.kind == .value || token.kind == .blockEnd else {
                states.append(.blockMappingValue)
                return try parseNode(block: true, indentlessSequence: true)
            }
            state = .blockMappingValue
            return .emptyScalar(at: mark)
        case .blockEnd:
            state = popState()
            scanner.skipToken()
            return YAMLEvent(.mappingEnd, at: token.start)
        default:
            throw error("while parsing a block mapping", "did not find expected key", at: token.start)
        }
    }

    mutating func parseBlockMappingValue() throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        guard token.kind == .value else {
            state = .blockMappingKey
            return .emptyScalar(at: token.start)
        }
        let mark = token.end
        scanner.skipToken()
        token = try scanner.peekToken()
        guard token.kind == .key || token.kind == .value || token.kind == .blockEnd else {
            states.append(.blockMappingKey)
            return try parseNode(block: true, indentlessSequence: true)
        }
        state = .blockMappingKey
        return .emptyScalar(at: mark)
    }

    mutating func parseFlowSequenceEntry(first: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        if first { scanner.skipToken() }
        var token = try scanner.peekToken()
        if token.kind != .flowSequenceEnd {
            if !first {
                guard token.kind == .flowEntry else {
                    throw error("while parsing a flow sequence", "did not find expected ',' or ']'", at: token.start)
                }
                scanner.skipToken()
                token = try scanner.peekToken()
            }
            if token.kind == .key {
                // `[ key: value ]`: a single-pair mapping as the item.
                state = .flowSequenceEntryMappingKey
                scanner.skipToken()
                return YAMLEvent(.mappingStart, at: token.start)
            }
            if token.kind != .flowSequenceEnd {
                states.append(.flowSequenceEntry)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        state = popState()
        scanner.skipToken()
        return YAMLEvent(.sequenceEnd, at: token.start)
    }

    mutating func parseFlowSequenceEntryMappingKey() throws(YAMLSyntaxError) -> YAMLEvent {
        let token = try scanner.peekToken()
        switch token.kind {
        case .value, .flowEntry:
            let mark = token.end
            scanner.skipToken()
            state = .flowSequenceEntryMappingValue
            return .emptyScalar(at: mark)
        case .flowSequenceEnd:
            state = .flowSequenceEntryMappingValue
            return .emptyScalar(at: token.start)
        default:
            states.append(.flowSequenceEntryMappingValue)
            return try parseNode(block: false, indentlessSequence: false)
        }
    }

    mutating func parseFlowSequenceEntryMappingValue() throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if token.kind == .value {
            scanner.skipToken()
            token = try scanner.peekToken()
            if token.kind != .flowEntry && token.kind != .flowSequenceEnd {
                states.append(.flowSequenceEntryMappingEnd)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        state = .flowSequenceEntryMappingEnd
        return .emptyScalar(at: token.start)
    }

    mutating func parseFlowSequenceEntryMappingEnd() throws(YAMLSyntaxError) -> YAMLEvent {
        let token = try scanner.peekToken()
        state = .flowSequenceEntry
        return YAMLEvent(.mappingEnd, at: token.start)
    }

    mutating func parseFlowMappingKey(first: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        if first { scanner.skipToken() }
        var token = try scanner.peekToken()
        if token.kind != .flowMappingEnd {
            if !first {
                guard token.kind == .flowEntry else {
                    throw error("while parsing a flow mapping", "did not find expected ',' or '}'", at: token.start)
                }
                scanner.skipToken()
                token = try scanner.peekToken()
            }
            if token.kind == .key {
                scanner.skipToken()
                token = try scanner.peekToken()
                guard token.kind == .value || token.kind == .flowEntry || token.kind == .flowMappingEnd else {
                    states.append(.flowMappingValue)
                    return try parseNode(block: false, indentlessSequence: false)
                }
                state = .flowMappingValue
                return .emptyScalar(at: token.start)
            }
            if token.kind != .flowMappingEnd {
                // `{ a, b }`: keys without values.
                states.append(.flowMappingEmptyValue)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        state = popState()
        scanner.skipToken()
        return YAMLEvent(.mappingEnd, at: token.start)
    }

    mutating func parseFlowMappingValue(empty: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if empty {
            state = .flowMappingKey
            return .emptyScalar(at: token.start)
        }
        if token.kind == .value {
            scanner.skipToken()
            token = try scanner.peekToken()
            if token.kind != .flowEntry && token.kind != .flowMappingEnd {
                states.append(.flowMappingKey)
                return try parseNode(block: false, indentlessSequence: false)
            }
        }
        state = .flowMappingKey
        return .emptyScalar(at: token.start)
    }
}
