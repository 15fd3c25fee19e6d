import OrkValue

/// Reads one YAML mapping strictly: unknown keys, wrong types and missing required keys become
/// diagnostics (all of them, with positions), never thrown errors.
struct FieldReader {
    let node: YAMLNode
    let path: String
    let context: LoaderContext

    /// Checks that `node` is a mapping whose keys are all in `allowed` and reports the ones missing
    /// from `required`. Returns nil (after reporting) when the node is not a mapping.
    init?(_ node: YAMLNode, path: String, context: LoaderContext, allowed: [String], required: [String] = []) {
        guard let pairs = node.pairs else {
            if !(node.scalar?.isNull ?? false) {
                context.error("expected a mapping, found \(node.kindName)", at: node.position, field: path)
            } else if !required.isEmpty {
                context.error("must not be empty", at: node.position, field: path,
                              hint: "required keys: " + required.joined(separator: ", "))
            }
            return nil
        }
        self.node = node
        self.path = path
        self.context = context
        for pair in pairs where !allowed.contains(pair.key) {
            context.error("unknown key \"\(pair.key)\"", at: pair.keyPosition, field: FieldReader.join(path, pair.key),
                          hint: Suggestion.hint(for: pair.key, in: allowed))
        }
        for key in required where !(pairs.contains { $0.key == key && !($0.value.scalar?.isNull ?? false) }) {
            context.error("missing required key \"\(key)\"", at: node.position, field: FieldReader.join(path, key))
        }
    }

    /// A document's envelope: a mapping of `apiVersion` (ours), `kind` (`kind`), `metadata` and `spec`.
    static func document(_ root: YAMLNode, kind: String, context: LoaderContext) -> FieldReader? {
        guard let reader = FieldReader(root, path: "", context: context, allowed: ["apiVersion", "kind", "metadata", "spec"],
                                       required: ["apiVersion", "kind", "metadata", "spec"])
        else { return nil }
        if let apiVersion = reader.string("apiVersion"), apiVersion != Katalog.apiVersion {
            context.error("unsupported apiVersion \"\(apiVersion)\"", at: reader.position("apiVersion"), field: "apiVersion",
                          hint: "use \(Katalog.apiVersion)")
        }
        if let found = reader.string("kind"), found != kind {
            context.error("kind must be \(kind), found \"\(found)\"", at: reader.position("kind"), field: "kind")
        }
        return reader
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func field(_ key: String) -> String { FieldReader.join(path, key) }

    /// The value node for `key`, nil when absent or null.
    func value(_ key: String) -> YAMLNode? {
        guard let value = node[key], !(value.scalar?.isNull ?? false) else { return nil }
        return value
    }

    func position(_ key: String) -> SourcePosition {
        node.pairs?.first { $0.key == key }?.value.position ?? node.position
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// A scalar as text (numbers and bools as written).
    func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard let scalar = value.scalar else {
            context.error("expected a string, found \(value.kindName)", at: value.position, field: field(key))
            return nil
        }
        return scalar.text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        if case .bool(let b) = value.jsonValue { return b }
        context.error("expected true or false, found \(describe(value))", at: value.position, field: field(key))
        return nil
    }

    /// An integer in `range`; reports values outside it.
    func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .int(let i) = value.jsonValue else {
            context.error("expected an integer, found \(describe(value))", at: value.position, field: field(key))
            return nil
        }
        if let range, !range.contains(i) {
            context.error("\(i) is out of range \(range.lowerBound)…\(range.upperBound)", at: value.position,
                          field: field(key))
            return nil
        }
        return i
    }

    func duration(_ key: String) -> KatalogDuration? {
        guard let value = value(key) else { return nil }
        guard let text = value.scalar?.text, let duration = KatalogDuration(parsing: text) else {
            context.error("invalid duration \(describe(value))", at: value.position, field: field(key),
                          hint: "write a Go duration such as 30s, 5m or 1h30m")
            return nil
        }
        return duration
    }

    /// One of `choices` (case-sensitive), reporting others with a suggestion.
    func choice(_ key: String, from choices: [String]) -> String? {
        guard let text = string(key) else { return nil }
        guard choices.contains(text) else {
            context.error("\"\(text)\" is not one of \(choices.joined(separator: ", "))", at: position(key),
                          field: field(key), hint: Suggestion.closest(to: text, in: choices).map { "did you mean \"\($0)\"?" })
            return nil
        }
        return text
    }

    func stringList(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.items else {
            context.error("expected a list of strings, found \(value.kindName)", at: value.position, field: field(key))
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let scalar = item.scalar, !scalar.isNull else {
                context.error("expected a string, found \(item.kindName)", at: item.position, field: "\(field(key))[\(index)]")
                continue
            }
            result.append(scalar.text)
        }
        return result
    }

    func stringMap(_ key: String) -> [String: String]? {
        guard let value = value(key) else { return nil }
        return FieldReader.stringMap(value, field: field(key), context: context)
    }

    static func stringMap(_ value: YAMLNode, field: String, context: LoaderContext) -> [String: String]? {
        guard let pairs = value.pairs else {
            context.error("expected a mapping of strings, found \(value.kindName)", at: value.position, field: field)
            return nil
        }
        var result: [String: String] = [:]
        for pair in pairs {
            guard let scalar = pair.value.scalar else {
                context.error("expected a string value, found \(pair.value.kindName)", at: pair.value.position,
                              field: join(field, pair.key))
                continue
            }
            result[pair.key] = scalar.isNull ? "" : scalar.text
        }
        return result
    }

    /// Iterates `key` as a list, reporting a non-list.
    func list(_ key: String) -> [YAMLNode]? {
        guard let value = value(key) else { return nil }
        guard let items = value.items else {
            context.error("expected a list, found \(value.kindName)", at: value.position, field: field(key))
            return nil
        }
        return items
    }

    func describe(_ node: YAMLNode) -> String {
        if let scalar = node.scalar { return "\"\(scalar.text)\"" }
        return node.kindName
    }
}
