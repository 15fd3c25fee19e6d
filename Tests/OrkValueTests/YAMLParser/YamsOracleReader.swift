import Yams
@testable import OrkValue

/// The YAML reader as it was before Orkestra had its own parser: Yams (libyaml) composing nodes, then
/// this conversion to `YAMLNode`. Kept, unchanged but for its name, as the differential tests' oracle.
enum YamsOracleReader {
    static let maxNodes = YAMLReader.maxNodes

    /// Parses every document of a YAML stream.
    static func documents(_ text: String, file: String) throws(YAMLSyntaxError) -> [YAMLNode] {
        var budget = maxNodes
        do {
            var result: [YAMLNode] = []
            let parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                result.append(try convert(root, file: file, budget: &budget, depth: 0))
            }
            return result
        } catch let error as YAMLSyntaxError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                                  message: "cannot read YAML: \(error)")
        }
    }

    static func syntaxError(_ error: YamlError, file: String) -> YAMLSyntaxError {
        func at(_ mark: Mark) -> SourcePosition { SourcePosition(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return YAMLSyntaxError(position: at(mark), message: "YAML syntax: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLSyntaxError(position: at(context.mark),
                                   message: "duplicate key " + duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                                       + " in one mapping")
        case .reader(let problem, let offset, _, _):
            return YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                                   message: "YAML cannot be read: \(problem) at byte \(offset ?? 0)")
        default:
            return YAMLSyntaxError(position: SourcePosition(file: file, line: 1, column: 1),
                                   message: "YAML error: \(error)")
        }
    }

    static func convert(_ node: Node, file: String, budget: inout Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let position = SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        budget -= 1
        guard budget >= 0 else {
            throw YAMLSyntaxError(position: position, message: "document expands to more than \(maxNodes) nodes (alias bomb?)")
        }
        guard depth < 200 else {
            throw YAMLSyntaxError(position: position, message: "document is nested more than 200 levels deep")
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(.scalar(makeScalar(scalar)), at: position)
        case .alias:
            throw YAMLSyntaxError(position: position, message: "unresolved YAML alias")
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for child in sequence {
                items.append(try convert(child, file: file, budget: &budget, depth: depth + 1))
            }
            return YAMLNode(.sequence(items), at: position)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            var merged: [YAMLPair] = []
            for (keyNode, valueNode) in mapping {
                let keyPosition = SourcePosition(file: file, line: keyNode.mark?.line ?? position.line,
                                                 column: keyNode.mark?.column ?? position.column)
                guard case .scalar(let keyScalar) = keyNode else {
                    throw YAMLSyntaxError(position: keyPosition, message: "mapping keys must be plain strings")
                }
                let value = try convert(valueNode, file: file, budget: &budget, depth: depth + 1)
                if keyScalar.string == "<<", keyScalar.style == .plain {
                    // Merge key: a mapping or a list of mappings whose keys fill in missing ones.
                    let sources = value.items ?? [value]
                    for source in sources {
                        guard let sourcePairs = source.pairs else {
                            throw YAMLSyntaxError(position: source.position, message: "merge key '<<' needs a mapping")
                        }
                        merged.append(contentsOf: sourcePairs)
                    }
                    continue
                }
                if pairs.contains(where: { $0.key == keyScalar.string }) {
                    throw YAMLSyntaxError(position: keyPosition, message: "duplicate key \"\(keyScalar.string)\"")
                }
                pairs.append(YAMLPair(key: keyScalar.string, keyPosition: keyPosition, value: value))
            }
            for pair in merged where !pairs.contains(where: { $0.key == pair.key }) {
                pairs.append(pair)
            }
            return YAMLNode(.mapping(pairs), at: position)
        }
    }

    static func makeScalar(_ scalar: Node.Scalar) -> YAMLScalar {
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            return YAMLScalar(text: scalar.string, style: .quoted, contentColumnOffset: 1, contentLineOffset: 0)
        case .literal, .folded:
            return YAMLScalar(text: scalar.string, style: .block, contentColumnOffset: 2, contentLineOffset: 1)
        default:
            return YAMLScalar(text: scalar.string, style: .plain, contentColumnOffset: 0, contentLineOffset: 0)
        }
    }
}
