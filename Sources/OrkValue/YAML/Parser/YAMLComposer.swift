/// A node being composed, with what aliases to it need: its expanded size and height.
struct YAMLComposedNode {
    var node: YAMLNode
    /// The nodes it expands to (itself and every item and value below it), charged again for each alias.
    var size: Int
    /// Levels of items and values below it (0 for a scalar or an empty collection).
    var height: Int
    /// The bytes it expands to: each node below it and itself, keys included, as its scalar's bytes
    /// plus one; charged again for each alias, keys included.
    var bytes: Int
    /// For a scalar used as a key: the tag that tells equal keys apart (`tag:yaml.org,2002:str` unless
    /// it carries another tag), as Yams compared them.
    var keyTag: String

    /// `a + b`, or `Int.max` past it (sizes never wrap).
    static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}

/// Builds `YAMLNode` trees from parsing events, iteratively (an explicit stack of open collections).
///
/// Aliases expand to the node their anchor last named in the same document, each expansion charged
/// against a budget of ``YAMLReader/maxNodes`` for the whole stream, so an alias bomb is an error
/// before it costs memory. Keys are not charged nodes (only their values are), as before. Every node
/// and alias, keys included, is also charged its expanded bytes against
/// ``YAMLReader/maxExpandedBytes(inputBytes:)``, so a large anchored scalar used many times is an
/// error before it is hashed as a key or copied into output. Nodes deeper than
/// ``YAMLReader/maxDepth`` are an error.
struct YAMLComposer {
    private var parser: YAMLEventParser
    private let file: String
    private var budget = YAMLReader.maxNodes
    private let byteLimit: Int
    /// Expanded bytes charged so far in the stream (never more than `byteLimit` plus one charge).
    private(set) var expandedBytes = 0
    private var anchors: [[UInt8]: YAMLComposedNode] = [:]
    private var earlierDocumentAnchors: Set<[UInt8]> = []
    private var frames: [YAMLCollectionFrame] = []

    init(text: String, file: String) throws(YAMLSyntaxError) {
        let cursor = try YAMLCursor(text: text, file: file)
        parser = YAMLEventParser(scanner: YAMLScanner(cursor: cursor, file: file))
        self.file = file
        byteLimit = YAMLReader.maxExpandedBytes(inputBytes: text.utf8.count)
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

    /// Charges a node's bytes (a key's too), and a value's or item's nodes and depth.
    private mutating func charge(size: Int, height: Int, bytes: Int, at position: SourcePosition) throws(YAMLSyntaxError) {
        let (total, overflow) = expandedBytes.addingReportingOverflow(bytes)
        expandedBytes = overflow ? Int.max : total
        guard !overflow, expandedBytes <= byteLimit else {
            throw YAMLSyntaxError(position: position,
                                  message: "document expands to more than \(byteLimit) bytes (\(YAMLReader.expandedBytesPerInputByte) "
                                      + "times its size plus \(YAMLReader.expandedBytesAllowance >> 20) MiB; an alias of a large node used too often?)",
                                  limit: .expandedBytes)
        }
        guard !nextIsKey else { return }
        budget -= size
        guard budget >= 0 else {
            throw YAMLSyntaxError(position: position,
                                  message: "document expands to more than \(YAMLReader.maxNodes) nodes (alias bomb?)", limit: .nodes)
        }
        guard frames.count + height < YAMLReader.maxDepth else {
            throw YAMLSyntaxError(position: position,
                                  message: "document is nested more than \(YAMLReader.maxDepth) levels deep", limit: .depth)
        }
    }

    private mutating func scalar(_ event: YAMLEvent, at position: SourcePosition) throws(YAMLSyntaxError) -> YAMLComposedNode {
        let bytes = YAMLComposedNode.saturatingSum(event.value.count, 1)
        try charge(size: 1, height: 0, bytes: bytes, at: position)
        let scalar = Self.makeScalar(text: String(decoding: event.value, as: UTF8.self), style: event.style)
        let node = YAMLComposedNode(node: YAMLNode(.scalar(scalar), at: position), size: 1, height: 0,
                                    bytes: bytes, keyTag: Self.keyTag(event.tag))
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
        try charge(size: target.size, height: target.height, bytes: target.bytes, at: position)
        return target
    }

    private mutating func open(_ event: YAMLEvent, at position: SourcePosition) throws(YAMLSyntaxError) {
        guard !nextIsKey else {
            throw YAMLSyntaxError(position: position, message: "mapping keys must be plain strings")
        }
        try charge(size: 1, height: 0, bytes: 1, at: position)
        frames.append(YAMLCollectionFrame(isMapping: event.kind == .mappingStart, position: position, anchor: event.anchor))
    }

    private mutating func close() throws(YAMLSyntaxError) -> YAMLComposedNode {
        guard let frame = frames.popLast() else {
            throw YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                                  message: "YAML syntax: collection end without a start")
        }
        let node = YAMLComposedNode(node: try frame.node(), size: frame.size, height: frame.height,
                                    bytes: frame.bytes, keyTag: YAMLComposer.stringTag)
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
