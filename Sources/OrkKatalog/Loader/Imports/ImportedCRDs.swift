import OrkValue

/// The CRD entries of a Katalog with imports: every imported entry in import order, then the inline
/// ones. An inline entry with the key of an imported one is deep-merged over it (mappings merge key by
/// key, anything else is replaced), so `database: {enabled: false}` turns an imported CRD off. The same
/// key in two imports is an error naming both files.
struct ImportedCRDs {
    let context: LoaderContext

    func merged(imported: [(pattern: PatternImport, pairs: [YAMLPair])], inline: [YAMLPair]) -> [YAMLPair] {
        var result: [YAMLPair] = []
        var origin: [String: (pattern: PatternImport, position: SourcePosition)] = [:]
        for (pattern, pairs) in imported {
            for pair in pairs {
                if let first = origin[pair.key] {
                    context.error("CRD \"\(pair.key)\" is defined in \(first.pattern.name) (\(first.position)) and in "
                                  + "\(pattern.name) (\(pair.keyPosition))", at: pattern.position, field: pattern.field,
                                  hint: "import one of them, or rename the CRD in one pattern")
                    continue
                }
                origin[pair.key] = (pattern, pair.keyPosition)
                result.append(pair)
            }
        }
        for pair in inline {
            if let index = result.firstIndex(where: { $0.key == pair.key }) {
                result[index] = YAMLPair(key: pair.key, keyPosition: pair.keyPosition,
                                         value: pair.value.deepMerged(over: result[index].value))
            } else {
                result.append(pair)
            }
        }
        return result
    }
}

extension YAMLNode {
    /// This node over `base`: two mappings merge key by key (recursively), anything else is this node.
    func deepMerged(over base: YAMLNode) -> YAMLNode {
        guard let overrides = pairs, let basePairs = base.pairs else { return self }
        var merged = basePairs.map { basePair -> YAMLPair in
            guard let override = overrides.first(where: { $0.key == basePair.key }) else { return basePair }
            return YAMLPair(key: basePair.key, keyPosition: override.keyPosition,
                            value: override.value.deepMerged(over: basePair.value))
        }
        let baseKeys = Set(basePairs.map(\.key))
        merged += overrides.filter { !baseKeys.contains($0.key) }
        return YAMLNode(.mapping(merged), at: position)
    }
}
