import OrkValue

/// Decodes `onCreate`/`onReconcile`/`onDelete` blocks into child entries, checking each kind's keys.
struct ChildDecoder {
    let context: LoaderContext

    static let commonKeys = ["name", "namespace", "labels", "annotations", "when", "or", "reconcile", "forEach"]

    /// A block of `<kind>: [entries]` lists.
    func block(_ node: YAMLNode, path: String) -> [ChildEntry] {
        let kinds = ChildKind.allCases.map(\.rawValue)
        guard let reader = FieldReader(node, path: path, context: context, allowed: kinds) else { return [] }
        return entries(in: reader)
    }

    /// The child entries of a mapping whose keys were already checked by the caller.
    func entries(in reader: FieldReader) -> [ChildEntry] {
        var entries: [ChildEntry] = []
        // Apply order is the kind order, whatever order the YAML lists them in.
        for kind in ChildKind.allCases {
            guard let items = reader.list(kind.rawValue) else { continue }
            for (index, item) in items.enumerated() {
                if let entry = child(item, kind: kind, path: "\(reader.field(kind.rawValue))[\(index)]") {
                    entries.append(entry)
                }
            }
        }
        return entries
    }

    func child(_ node: YAMLNode, kind: ChildKind, path: String) -> ChildEntry? {
        let specific = kind.fields
        guard let reader = FieldReader(node, path: path, context: context,
                                       allowed: Self.commonKeys + specific.map(\.name),
                                       required: specific.filter(\.required).map(\.name))
        else { return nil }
        var fields: [String: JSONValue] = [:]
        for spec in specific {
            guard let value = reader.value(spec.name) else { continue }
            if check(value, as: spec.type, field: reader.field(spec.name)) {
                fields[spec.name] = value.jsonValue
            }
        }
        var forEach: ForEach?
        if let node = reader.value("forEach"),
           let each = FieldReader(node, path: reader.field("forEach"), context: context, allowed: ["field", "as"],
                                  required: ["field"]),
           let field = each.string("field") {
            forEach = ForEach(field: field, alias: each.string("as"))
            if let alias = forEach?.alias, !Self.isIdentifier(alias) {
                context.error("\"\(alias)\" is not a valid name", at: each.position("as"), field: each.field("as"),
                              hint: "use letters, digits and _ (it becomes .\(alias) in templates)")
            }
        }
        return ChildEntry(
            kind: kind, name: reader.string("name"), namespace: reader.string("namespace"),
            labels: reader.stringMap("labels") ?? [:], annotations: reader.stringMap("annotations") ?? [:],
            conditions: RuleDecoder(context: context).conditionSet(in: reader),
            reconcile: reader.bool("reconcile") ?? false, forEach: forEach, fields: fields, position: node.position)
    }

    /// Checks a kind-specific value's shape; scalars may be templates for any scalar type.
    func check(_ node: YAMLNode, as type: ChildField.ValueType, field: String) -> Bool {
        let value = node.jsonValue
        let isTemplate = value.stringValue?.contains("{{") ?? false
        func fail(_ expected: String) -> Bool {
            context.error("expected \(expected), found \(node.scalar.map { "\"\($0.text)\"" } ?? node.kindName)",
                          at: node.position, field: field)
            return false
        }
        switch type {
        case .any: return true
        case .string:
            return node.scalar != nil ? true : fail("a string")
        case .int:
            if case .int = value { return true }
            return isTemplate ? true : fail("an integer or a {{ }} template")
        case .bool:
            if case .bool = value { return true }
            return isTemplate ? true : fail("true, false or a {{ }} template")
        case .intOrString:
            return node.scalar != nil ? true : fail("an integer or a string")
        case .stringList:
            guard let items = node.items else { return isTemplate ? true : fail("a list of strings") }
            for item in items where item.scalar == nil {
                _ = fail("a list of strings")
                return false
            }
            return true
        case .stringMap:
            return FieldReader.stringMap(node, field: field, context: context) != nil
        case .list:
            return node.items != nil ? true : fail("a list")
        case .map:
            return node.pairs != nil ? true : fail("a mapping")
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
