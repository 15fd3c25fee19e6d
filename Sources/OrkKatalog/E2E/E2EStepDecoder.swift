import OrkValue

/// Decodes one step: a mapping with exactly one of `apply`, `wait`, `patch`, `delete`, `expectDenied`.
struct E2EStepDecoder {
    let context: LoaderContext
    /// The e2e file's directory (manifest paths resolve against it).
    let directory: String

    func step(_ node: YAMLNode, path: String) -> E2EStep? {
        guard let pairs = node.pairs, pairs.count == 1, let pair = pairs.first else {
            context.error("a step is a mapping with one of \(E2ELoader.steps.joined(separator: ", "))", at: node.position,
                          field: path, hint: "e.g. - apply: ./cr.yaml")
            return nil
        }
        let field = "\(path).\(pair.key)"
        let value = pair.value
        let action: E2EStep.Action?
        switch pair.key {
        case "apply":
            action = manifests(value, field: field).map { .apply($0) }
        case "wait":
            action = expectation(value, field: field).map { .wait($0) }
        case "patch":
            action = patch(value, field: field).map { .patch($0.0, $0.1) }
        case "delete":
            action = delete(value, field: field).map { .delete($0) }
        case "expectDenied":
            guard let reader = FieldReader(value, path: field, context: context, allowed: ["apply", "patch", "delete", "message"])
            else { return nil }
            let tried = ["apply", "patch", "delete"].filter { reader.value($0) != nil }
            guard tried.count == 1, let verb = tried.first, let node = reader.value(verb) else {
                context.error("expectDenied tries exactly one of apply, patch or delete", at: value.position, field: field)
                return nil
            }
            let attempt: E2EStep.Attempt?
            switch verb {
            case "apply": attempt = manifests(node, field: reader.field(verb)).map { .apply($0) }
            case "patch": attempt = patch(node, field: reader.field(verb)).map { .patch($0.0, $0.1) }
            default: attempt = delete(node, field: reader.field(verb)).map { .delete($0) }
            }
            action = attempt.map { .expectDenied($0, message: reader.string("message")) }
        default:
            context.error("unknown step \"\(pair.key)\"", at: pair.keyPosition, field: field,
                          hint: Suggestion.hint(for: pair.key, in: E2ELoader.steps))
            return nil
        }
        return action.map { E2EStep(action: $0, position: pair.keyPosition, verb: pair.key) }
    }

    static let refKeys = ["apiVersion", "kind", "name"]

    func patch(_ node: YAMLNode, field: String) -> (E2EObjectRef, JSONValue)? {
        guard let reader = FieldReader(node, path: field, context: context, allowed: Self.refKeys + ["merge"],
                                       required: Self.refKeys + ["merge"]),
              let ref = ref(reader), let merge = reader.value("merge")
        else { return nil }
        guard case .object = merge.jsonValue else {
            context.error("merge is a JSON merge patch: a mapping", at: merge.position, field: reader.field("merge"))
            return nil
        }
        return (ref, merge.jsonValue)
    }

    func delete(_ node: YAMLNode, field: String) -> E2EObjectRef? {
        guard let reader = FieldReader(node, path: field, context: context, allowed: Self.refKeys, required: Self.refKeys)
        else { return nil }
        return ref(reader)
    }

    func ref(_ reader: FieldReader) -> E2EObjectRef? {
        guard let apiVersion = reader.string("apiVersion"), let kind = reader.string("kind"), let name = reader.string("name")
        else { return nil }
        return E2EObjectRef(apiVersion: apiVersion, kind: kind, name: name)
    }

    /// A manifest file (relative to the e2e file; every document in it) or one inline object.
    func manifests(_ node: YAMLNode, field: String) -> [JSONValue]? {
        if let scalar = node.scalar, !scalar.isNull {
            let path = KatalogPath.normalized(KatalogPath.resolve(scalar.text, against: directory))
            guard let text = context.fileSystem.readText(atPath: path) else {
                context.error("manifest \(scalar.text) does not exist or cannot be read (looked for \(path))", at: node.position,
                              field: field, hint: "paths are relative to the e2e file")
                return nil
            }
            let documents: [YAMLNode]
            do {
                documents = try YAMLReader.documents(text, file: path)
            } catch {
                context.error("manifest \(scalar.text) is not valid YAML: \(error.position): \(error.message)", at: node.position,
                              field: field)
                return nil
            }
            let objects = documents.map(\.jsonValue).filter { !$0.isNull }
            guard !objects.isEmpty else {
                context.error("manifest \(scalar.text) is empty", at: node.position, field: field)
                return nil
            }
            for object in objects where !isObject(object) {
                context.error("manifest \(scalar.text) holds a document without apiVersion, kind and metadata.name",
                              at: node.position, field: field)
                return nil
            }
            return objects
        }
        let object = node.jsonValue
        guard isObject(object) else {
            context.error("expected a manifest file or an object with apiVersion, kind and metadata.name", at: node.position,
                          field: field)
            return nil
        }
        return [object]
    }

    func isObject(_ object: JSONValue) -> Bool {
        object["apiVersion"]?.stringValue != nil && object["kind"]?.stringValue != nil
            && !(object.value(atDotted: "metadata.name")?.stringValue ?? "").isEmpty
    }

    func expectation(_ node: YAMLNode, field: String) -> E2EExpectation? {
        guard let reader = FieldReader(node, path: field, context: context,
                                       allowed: E2EStepDecoder.refKeys + ["absent", "conditions", "fields", "children", "timeout"],
                                       required: E2EStepDecoder.refKeys),
              let ref = ref(reader)
        else { return nil }
        var fields: [String: JSONValue] = [:]
        if let node = reader.value("fields") {
            guard let pairs = node.pairs else {
                context.error("fields maps a dotted path to its value", at: node.position, field: reader.field("fields"))
                return nil
            }
            for pair in pairs { fields[pair.key] = pair.value.jsonValue }
        }
        var children: [String: Int] = [:]
        if let node = reader.value("children") {
            guard let pairs = node.pairs else {
                context.error("children maps a kind to how many children of it", at: node.position, field: reader.field("children"))
                return nil
            }
            for pair in pairs {
                guard case .int(let count) = pair.value.jsonValue, count >= 0 else {
                    context.error("expected a count (0 or more)", at: pair.value.position, field: "\(reader.field("children")).\(pair.key)")
                    continue
                }
                children[pair.key] = count
            }
        }
        let absent = reader.bool("absent") ?? false
        let conditions = reader.stringMap("conditions") ?? [:]
        if absent, !fields.isEmpty || !children.isEmpty || !conditions.isEmpty {
            context.error("absent: true waits for the object to be gone; it takes no conditions, fields or children",
                          at: reader.position("absent"), field: reader.field("absent"))
        }
        return E2EExpectation(object: ref, absent: absent, conditions: conditions, fields: fields, children: children,
                              timeout: reader.duration("timeout"))
    }
}
