/// A mapping key as written: plain `<<` is a merge key; equal text with an equal tag is a duplicate.
struct YAMLMappingKey {
    var text: String
    var isPlain: Bool
    var tag: String
    var position: SourcePosition
}

/// A sequence or mapping whose end the composer has not reached yet.
struct YAMLCollectionFrame {
    var isMapping: Bool
    var position: SourcePosition
    var anchor: [UInt8]?
    var items: [YAMLNode] = []
    var entries: [(key: YAMLMappingKey, value: YAMLNode)] = []
    /// In a mapping: the key read, waiting for its value.
    var pendingKey: YAMLMappingKey?
    var size = 1
    var height = 0
    /// Itself (1) and what its keys, values and items expand to (`YAMLComposedNode.bytes`).
    var bytes = 1

    init(isMapping: Bool, position: SourcePosition, anchor: [UInt8]?) {
        self.isMapping = isMapping
        self.position = position
        self.anchor = anchor
    }

    /// Adds an item, a key or a key's value.
    mutating func add(_ child: YAMLComposedNode) throws(YAMLSyntaxError) {
        bytes = YAMLComposedNode.saturatingSum(bytes, child.bytes)
        if isMapping && pendingKey == nil {
            guard case .scalar(let scalar) = child.node.content else {
                throw YAMLSyntaxError(position: child.node.position, message: "mapping keys must be plain strings")
            }
            pendingKey = YAMLMappingKey(text: scalar.text, isPlain: scalar.style == .plain, tag: child.keyTag,
                                        position: child.node.position)
            return
        }
        size += child.size
        height = max(height, child.height + 1)
        if let key = pendingKey {
            entries.append((key, child.node))
            pendingKey = nil
        } else {
            items.append(child.node)
        }
    }

    /// The finished node: a sequence, or a mapping with merge keys applied and duplicates refused.
    func node() throws(YAMLSyntaxError) -> YAMLNode {
        guard isMapping else { return YAMLNode(.sequence(items), at: position) }
        try checkDuplicateKeys()
        var pairs: [YAMLPair] = []
        var keys: Set<String> = []
        var merged: [YAMLPair] = []
        for (key, value) in entries {
            if key.text == "<<" && key.isPlain {
                // Merge key: a mapping or a list of mappings whose keys fill in missing ones.
                for source in value.items ?? [value] {
                    guard let sourcePairs = source.pairs else {
                        throw YAMLSyntaxError(position: source.position, message: "merge key '<<' needs a mapping")
                    }
                    merged.append(contentsOf: sourcePairs)
                }
                continue
            }
            guard keys.insert(key.text).inserted else {
                throw YAMLSyntaxError(position: key.position, message: "duplicate key \"\(key.text)\"")
            }
            pairs.append(YAMLPair(key: key.text, keyPosition: key.position, value: value))
        }
        for pair in merged where keys.insert(pair.key).inserted {
            pairs.append(pair)
        }
        return YAMLNode(.mapping(pairs), at: position)
    }

    /// Keys with equal text and tag (merge keys included), reported as Yams did: all of them, sorted,
    /// at the first occurrence of the first.
    private func checkDuplicateKeys() throws(YAMLSyntaxError) {
        struct Identity: Hashable {
            var text: String
            var tag: String
        }
        var firstPosition: [Identity: SourcePosition] = [:]
        var duplicates: Set<Identity> = []
        for (key, _) in entries {
            let identity = Identity(text: key.text, tag: key.tag)
            if firstPosition[identity] == nil {
                firstPosition[identity] = key.position
            } else {
                duplicates.insert(identity)
            }
        }
        guard let first = duplicates.min(by: { $0.text < $1.text }) else { return }
        let names = duplicates.map(\.text).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        throw YAMLSyntaxError(position: firstPosition[first] ?? position, message: "duplicate key \(names) in one mapping")
    }
}
