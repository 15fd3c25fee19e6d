/// A node being composed, with what aliases to it need: its expanded size and height.
struct YAMLComposedNode {
    var node: YAMLNode
    /// The nodes it expands to (itself and every item and value below it), charged again for each alias.
    var size: Int
    /// Levels of items and values below it (0 for a scalar or an empty collection).
    var height: Int
    /// For a scalar used as a key: the tag that tells equal keys apart (`tag:yaml.org,2002:str` unless
    /// it carries another tag), as Yams compared them.
    var keyTag: String
}

/// Builds `YAMLNode` trees from parsing events, iteratively (an explicit stack of open collections).
///
/// Aliases expand to the node their anchor last named in the same document, each expansion charged
/// against a budget of ``YAMLReader/maxNodes`` for the whole stream, so an alias bomb is an error
/// before it costs memory. Nodes deeper than ``YAMLReader/maxDepth`` are an error. Keys are not
/// charged (only their values are), as before.
struct YAMLComposer {
    private var parser: YAMLEventParser
    private let file: String
    private var budget = YAMLReader.maxNodes
    private var anchors: [[UInt8]: YAMLComposedNode] = [:]
    private var earlierDocumentAnchors: Set<[UInt8]> = []
    private var frames: [YAMLCollectionFrame] = []

    init(text: String, file: String) throws(YAMLSyntaxError) {
        let cursor = try YAMLCursor(text: text, file: file)
        parser = YAMLEventParser(scanner: YAMLScanner(cursor: cursor, file: file))
        self.file = file
    }

    /// Every document of the stream.
    mutating func documents() throws(YAMLSyntaxError) -> [YAMLNode] {
        var documents: [YAMLNode] = []
        _ = try parser.next()  // the stream start
        while let event = try parser.next(), event.kind == .documentStart {
            documents.append(try composeRoot())
            _ = try parser.next()  // the document end
            earlierDocumentAnchors.formUnion(anchors.keys)
            anchors.removeAll()
        }
        return documents
    }

    private mutating func composeRoot() throws(YAMLSyntaxError) -> YAMLNode {
        frames.removeAll()
        while let event = try parser.next() {
            let position = event.start.position(in: file)
            let completed: YAMLComposedNode
            switch event.kind {
            case .scalar:
                completed = try scalar(event, at: position)
            case .alias:
                completed = try alias(event, at: position)
            case .sequenceStart, .mappingStart:
                try open(event, at: position)
                continue
            case .sequenceEnd, .mappingEnd:
                completed = try close()
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                throw YAMLSyntaxError(position: position, message: "YAML syntax: document ended inside a node")
            }
            guard let top = frames.indices.last else { return completed.node }
            try frames[top].add(completed)
        }
        throw YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                              message: "YAML syntax: stream ended inside a node")
    }

    /// Whether the next node is a mapping key (keys are neither charged nor depth-checked).
    private var nextIsKey: Bool {
        guard let top = frames.indices.last else { return false }
        return frames[top].isMapping && frames[top].pendingKey == nil
    }

    /// Charges a value or item at the current depth.
    private mutating func charge(size: Int, height: Int, at position: SourcePosition) throws(YAMLSyntaxError) {
        guard !nextIsKey else { return }
        budget -= size
        guard budget >= 0 else {
            throw YAMLSyntaxError(position: position,
                                  message: "document expands to more than \(YAMLReader.maxNodes) nodes (alias bomb?)")
        }
        guard frames.count + height < YAMLReader.maxDepth else {
            throw YAMLSyntaxError(position: position,
                                  message: "document is nested more than \(YAMLReader.maxDepth) levels deep")
        }
    }

    private mutating func scalar(_ event: YAMLEvent, at position: SourcePosition) throws(YAMLSyntaxError) -> YAMLComposedNode {
        try charge(size: 1, height: 0, at: position)
        let scalar = Self.makeScalar(text: String(decoding: event.value, as: UTF8.self), style: event.style)
        let node = YAMLComposedNode(node: YAMLNode(.scalar(scalar), at: position), size: 1, height: 0,
                                    keyTag: Self.keyTag(event.tag))
        if let anchor = event.anchor { anchors[anchor] = node }
        return node
    }

    private mutating func alias(_ event: YAMLEvent, at position: SourcePosition) throws(YAMLSyntaxError) -> YAMLComposedNode {
        let name = event.anchor ?? []
        guard let target = anchors[name] else {
            let written = String(decoding: name, as: UTF8.self)
            let note = earlierDocumentAnchors.contains(name)
                ? " (its anchor is in an earlier document; anchors do not cross documents)" : ""
            throw YAMLSyntaxError(position: position, message: "YAML syntax: found undefined alias *\(written)\(note)")
        }
        // An alias stands for its node, position included (as Yams composed it).
        try charge(size: target.size, height: target.height, at: position)
        return target
    }

    private mutating func open(_ event: YAMLEvent, at position: SourcePosition) throws(YAMLSyntaxError) {
        guard !nextIsKey else {
            throw YAMLSyntaxError(position: position, message: "mapping keys must be plain strings")
        }
        try charge(size: 1, height: 0, at: position)
        frames.append(YAMLCollectionFrame(isMapping: event.kind == .mappingStart, position: position, anchor: event.anchor))
    }

    private mutating func close() throws(YAMLSyntaxError) -> YAMLComposedNode {
        guard let frame = frames.popLast() else {
            throw YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                                  message: "YAML syntax: collection end without a start")
        }
        let node = YAMLComposedNode(node: try frame.node(), size: frame.size, height: frame.height,
                                    keyTag: YAMLComposer.stringTag)
        if let anchor = frame.anchor { anchors[anchor] = node }
        return node
    }

    static let stringTag = "tag:yaml.org,2002:str"

    /// Untagged scalars and the non-specific tag `!` are strings; other tags are compared as written.
    static func keyTag(_ tag: [UInt8]?) -> String {
        guard let tag else { return stringTag }
        let text = String(decoding: tag, as: UTF8.self)
        return text.isEmpty || text == "!" ? stringTag : text
    }

    /// The scalar as callers see it: quoted and block scalars are never numbers or booleans, and the
    /// offsets map template error columns back into the file.
    static func makeScalar(text: String, style: YAMLScalarStyle) -> YAMLScalar {
        switch style {
        case .singleQuoted, .doubleQuoted:
            return YAMLScalar(text: text, style: .quoted, contentColumnOffset: 1, contentLineOffset: 0)
        case .literal, .folded:
            return YAMLScalar(text: text, style: .block, contentColumnOffset: 2, contentLineOffset: 1)
        case .plain:
            return YAMLScalar(text: text, style: .plain, contentColumnOffset: 0, contentLineOffset: 0)
        }
    }
}
