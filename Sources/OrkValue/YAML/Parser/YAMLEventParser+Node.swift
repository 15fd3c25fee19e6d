/// A node: an alias, or properties (anchor, tag) followed by a scalar or the start of a collection.
extension YAMLEventParser {
    mutating func parseNode(block: Bool, indentlessSequence: Bool) throws(YAMLSyntaxError) -> YAMLEvent {
        var token = try scanner.peekToken()
        if token.kind == .alias {
            state = popState()
            scanner.skipToken()
            return YAMLEvent(.alias, at: token.start, anchor: token.value)
        }
        var start = token.start
        var tagMark = token.start
        var anchor: [UInt8]?
        var tagHandle: [UInt8]?
        var tagSuffix: [UInt8] = []
        if token.kind == .anchor {
            anchor = token.value
            scanner.skipToken()
            token = try scanner.peekToken()
            if token.kind == .tag {
                tagHandle = token.handle
                tagSuffix = token.value
                tagMark = token.start
                scanner.skipToken()
                token = try scanner.peekToken()
            }
        } else if token.kind == .tag {
            tagHandle = token.handle
            tagSuffix = token.value
            start = token.start
            tagMark = token.start
            scanner.skipToken()
            token = try scanner.peekToken()
            if token.kind == .anchor {
                anchor = token.value
                scanner.skipToken()
                token = try scanner.peekToken()
            }
        }
        let tag = try resolveTag(handle: tagHandle, suffix: tagSuffix, at: tagMark)

        if indentlessSequence && token.kind == .blockEntry {
            state = .indentlessSequenceEntry
            return YAMLEvent(.sequenceStart, at: start, anchor: anchor, tag: tag)
        }
        switch token.kind {
        case .scalar:
            state = popState()
            scanner.skipToken()
            var event = YAMLEvent(.scalar, at: start, anchor: anchor, tag: tag)
            event.value = token.value
            event.style = token.style
            return event
        case .flowSequenceStart:
            state = .flowSequenceFirstEntry
            return YAMLEvent(.sequenceStart, at: start, anchor: anchor, tag: tag)
        case .flowMappingStart:
            state = .flowMappingFirstKey
            return YAMLEvent(.mappingStart, at: start, anchor: anchor, tag: tag)
        case .blockSequenceStart where block:
            state = .blockSequenceFirstEntry
            return YAMLEvent(.sequenceStart, at: start, anchor: anchor, tag: tag)
        case .blockMappingStart where block:
            state = .blockMappingFirstKey
            return YAMLEvent(.mappingStart, at: start, anchor: anchor, tag: tag)
        default:
            guard anchor != nil || tag != nil else {
                throw error(block ? "while parsing a block node" : "while parsing a flow node",
                            "did not find expected node content", at: token.start)
            }
            // Properties with no content: an empty scalar.
            state = popState()
            return YAMLEvent(.scalar, at: start, anchor: anchor, tag: tag)
        }
    }

    /// The full tag: a verbatim tag as written, otherwise the handle's prefix (from `%TAG` or the
    /// defaults) followed by the suffix. Like libyaml's C strings, each part ends at a `%00` escape.
    private func resolveTag(handle: [UInt8]?, suffix: [UInt8], at tagMark: YAMLMark) throws(YAMLSyntaxError) -> [UInt8]? {
        guard let handle else { return nil }
        let suffix = suffix.prefix { $0 != 0 }
        if handle.isEmpty { return Array(suffix) }
        guard let prefix = tagPrefixes[handle] else {
            throw error("while parsing a node", "found undefined tag handle", at: tagMark)
        }
        return prefix.prefix { $0 != 0 } + suffix
    }
}
