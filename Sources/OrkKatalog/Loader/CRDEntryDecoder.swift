import OrkTemplate
import OrkValue

/// Decodes one `spec.crds.<key>` entry, reading its crdFile and checking its crFiles.
struct CRDEntryDecoder {
    let context: LoaderContext
    /// The directory relative file names resolve against.
    let baseDirectory: String

    static let keys = ["enabled", "description", "crdFile", "apiTypes", "crFiles", "namespace", "labelSelector", "dependsOn",
                       "allowedNamespaces", "restrictedNamespaces", "validation", "mutation", "conversion", "operatorBox"]

    static func isValidKey(_ key: String) -> Bool {
        guard !key.isEmpty, key.count <= 63, let first = key.unicodeScalars.first, let last = key.unicodeScalars.last
        else { return false }
        let allowed = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return allowed && ("a"..."z").contains(first) && last != "-"
    }

    func entry(key: String, keyPosition: SourcePosition, node: YAMLNode, path: String) -> DecodedCRD {
        if !Self.isValidKey(key) {
            context.error("CRD key \"\(key)\" is not a lowercase DNS label", at: keyPosition, field: path,
                          hint: "use lowercase letters, digits and '-', starting with a letter, e.g. \"\(Self.suggestedKey(key))\"")
        }
        var declared = DeclaredCRD(key: key, position: keyPosition, dependsOn: [])
        guard let reader = FieldReader(node, path: path, context: context, allowed: Self.keys) else {
            return DecodedCRD(declared: declared, entry: nil)
        }
        declared.dependsOn = dependsOn(reader)
        declared.enabled = reader.bool("enabled") ?? true
        let rules = RuleDecoder(context: context)
        let api = resolveAPI(reader)
        let crFiles = reader.stringList("crFiles") ?? []
        if let api { checkCRFiles(crFiles, api: api, reader: reader) }

        var validation: [ValidationRule] = []
        if let node = reader.value("validation"),
           let block = FieldReader(node, path: reader.field("validation"), context: context, allowed: ["rules"]),
           let items = block.list("rules") {
            validation = rules.validationRules(items, path: block.field("rules"))
        }
        var mutation = MutationSettings()
        if let node = reader.value("mutation"),
           let block = FieldReader(node, path: reader.field("mutation"), context: context, allowed: ["mutateFirst", "rules"]) {
            mutation.mutateFirst = block.bool("mutateFirst") ?? true
            for (index, item) in (block.list("rules") ?? []).enumerated() {
                if let rule = rules.mutationRule(item, path: "\(block.field("rules"))[\(index)]") { mutation.rules.append(rule) }
            }
        }
        var conversion: ConversionSettings?
        if let node = reader.value("conversion") { conversion = self.conversion(node, path: reader.field("conversion")) }
        var box = OperatorBox()
        if let node = reader.value("operatorBox") {
            box = OperatorBoxDecoder(context: context).operatorBox(node, path: reader.field("operatorBox"))
        }
        let scope = watchScope(reader, api: api)
        let namespaceRules = NamespaceRulesDecoder(context: context).rules(reader)
        if let api, !api.namespaced, !namespaceRules.isEmpty {
            context.error("allowedNamespaces and restrictedNamespaces apply to namespaced CRDs; \(api.kind) is cluster-scoped",
                          at: reader.position(namespaceRules.allowed.isEmpty ? "restrictedNamespaces" : "allowedNamespaces"),
                          field: reader.field(namespaceRules.allowed.isEmpty ? "restrictedNamespaces" : "allowedNamespaces"),
                          hint: "remove them")
        }
        guard let api else { return DecodedCRD(declared: declared, entry: nil) }
        let entry = CRDEntry(key: key, description: reader.string("description"), crdFile: reader.string("crdFile"), api: api,
                             crFiles: crFiles, dependsOn: declared.dependsOn, validation: validation, mutation: mutation,
                             conversion: conversion, operatorBox: box, namespace: scope.namespace,
                             labelSelector: scope.labelSelector, namespaceRules: namespaceRules, position: keyPosition)
        return DecodedCRD(declared: declared, entry: entry)
    }

    /// `namespace` (a DNS label, only for a namespaced CRD) and `labelSelector` (label keys and values
    /// as Kubernetes accepts them).
    func watchScope(_ reader: FieldReader, api: CRDInfo?) -> (namespace: String?, labelSelector: [String: String]) {
        var namespace = reader.string("namespace")
        if let name = namespace {
            if !Self.isValidKey(name) {
                context.error("namespace \"\(name)\" is not a namespace name (a lowercase DNS label)",
                              at: reader.position("namespace"), field: reader.field("namespace"))
                namespace = nil
            } else if let api, !api.namespaced {
                context.error("namespace applies to namespaced CRDs; \(api.kind) is cluster-scoped",
                              at: reader.position("namespace"), field: reader.field("namespace"), hint: "remove namespace")
                namespace = nil
            }
        }
        var selector: [String: String] = [:]
        for (key, value) in (reader.stringMap("labelSelector") ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard LabelSyntax.isValidKey(key), LabelSyntax.isValidValue(value) else {
                context.error("labelSelector \(key)=\(value) is not a label key and value Kubernetes accepts",
                              at: reader.position("labelSelector"), field: "\(reader.field("labelSelector")).\(key)",
                              hint: "keys: [prefix/]name of letters, digits, '-', '_', '.'; values: up to 63 such characters")
                continue
            }
            selector[key] = value
        }
        return (namespace, selector)
    }

    static func suggestedKey(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase, !out.isEmpty, out.last != "-" { out.append("-") }
            if ch.isLetter || ch.isNumber { out += ch.lowercased() } else if out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "my-crd" : out
    }

    // MARK: API identity

    func resolveAPI(_ reader: FieldReader) -> CRDInfo? {
        var declared: (group: String?, version: String?, kind: String?, plural: String?, namespaced: Bool?)
        if let node = reader.value("apiTypes"),
           let types = FieldReader(node, path: reader.field("apiTypes"), context: context,
                                   allowed: ["group", "version", "kind", "plural", "namespaced"]) {
            declared = (types.string("group"), types.string("version"), types.string("kind"), types.string("plural"),
                        types.bool("namespaced"))
        }
        if let crdFile = reader.string("crdFile") {
            return apiFromFile(crdFile, reader: reader, wantedKind: declared.kind)
        }
        guard reader.has("apiTypes") else {
            context.error("no crdFile or apiTypes: the CRD's group, version, kind and plural are unknown",
                          at: reader.node.position, field: reader.path,
                          hint: "add crdFile: ./crd.yaml or apiTypes: {group, version, kind, plural}")
            return nil
        }
        var complete = true
        for (name, value) in [("group", declared.group), ("version", declared.version), ("kind", declared.kind),
                              ("plural", declared.plural)] where (value ?? "").isEmpty {
            context.error("apiTypes.\(name) is required (the GVK must be complete)", at: reader.position("apiTypes"),
                          field: reader.field("apiTypes.\(name)"))
            complete = false
        }
        guard complete, let group = declared.group, let version = declared.version, let kind = declared.kind,
              let plural = declared.plural else { return nil }
        if plural != plural.lowercased() {
            context.error("apiTypes.plural \"\(plural)\" must be lowercase", at: reader.position("apiTypes"),
                          field: reader.field("apiTypes.plural"))
        }
        return CRDInfo(group: group, kind: kind, plural: plural, namespaced: declared.namespaced ?? true,
                       versions: [CRDVersion(name: version, storage: true)])
    }

    func apiFromFile(_ crdFile: String, reader: FieldReader, wantedKind: String?) -> CRDInfo? {
        let field = reader.field("crdFile")
        let position = reader.position("crdFile")
        let path = KatalogPath.resolve(crdFile, against: baseDirectory)
        guard let text = context.fileSystem.readText(atPath: path) else {
            context.error("crdFile \(crdFile) does not exist or cannot be read (looked for \(path))", at: position,
                          field: field, hint: "paths are relative to the Katalog's directory")
            return nil
        }
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(text, file: path)
        } catch {
            context.error("crdFile \(crdFile) is not valid YAML: \(error)", at: position, field: field)
            return nil
        }
        let all = CRDFileReader(context: context).definitions(in: documents, file: path, field: field)
        if all.isEmpty {
            context.error("crdFile \(crdFile) contains no CustomResourceDefinition", at: position, field: field)
            return nil
        }
        if all.count == 1, let only = all.first {
            if let wantedKind, wantedKind != only.kind {
                context.error("apiTypes.kind \(wantedKind) does not match the CRD in \(crdFile) (\(only.kind))",
                              at: position, field: reader.field("apiTypes.kind"))
            }
            return only
        }
        let key = reader.path.split(separator: ".").last.map(String.init) ?? ""
        let matches = all.filter { info in
            if let wantedKind { return info.kind == wantedKind }
            return info.kind.lowercased() == key || info.singular == key || info.plural == key
        }
        guard matches.count == 1, let match = matches.first else {
            context.error("crdFile \(crdFile) holds several CRDs (\(all.map(\.kind).joined(separator: ", "))) and none "
                          + "is picked out for this entry", at: position, field: field,
                          hint: "add apiTypes: {kind: <Kind>} to choose one")
            return nil
        }
        return match
    }

    func checkCRFiles(_ files: [String], api: CRDInfo, reader: FieldReader) {
        for (index, file) in files.enumerated() {
            let field = "\(reader.field("crFiles"))[\(index)]"
            let path = KatalogPath.resolve(file, against: baseDirectory)
            guard let text = context.fileSystem.readText(atPath: path) else {
                let message = "crFile \(file) does not exist or cannot be read (looked for \(path))"
                if context.requireCRFiles {
                    context.error(message, at: reader.position("crFiles"), field: field)
                } else {
                    context.warning(message, at: reader.position("crFiles"), field: field,
                                    hint: "crFiles are development samples, applied only without --no-apply")
                }
                continue
            }
            let documents: [YAMLNode]
            do {
                documents = try YAMLReader.documents(text, file: path)
            } catch {
                context.error("crFile \(file) is not valid YAML: \(error)", at: reader.position("crFiles"), field: field)
                continue
            }
            for document in documents where document.pairs != nil {
                let object = document.jsonValue
                let kind = object["kind"]?.stringValue
                let apiVersion = object["apiVersion"]?.stringValue ?? ""
                let name = object.value(atDotted: "metadata.name")?.stringValue
                if kind != api.kind || KubernetesKinds.split(apiVersion: apiVersion).group != api.group {
                    context.error("\(path):\(document.position.line): object is \(apiVersion) \(kind ?? "(no kind)"), "
                                  + "expected \(api.group)/… \(api.kind)", at: reader.position("crFiles"), field: field)
                } else if !api.hasVersion(KubernetesKinds.split(apiVersion: apiVersion).version) {
                    context.error("\(path):\(document.position.line): version of \(apiVersion) is not served by the CRD",
                                  at: reader.position("crFiles"), field: field)
                }
                if (name ?? "").isEmpty {
                    context.error("\(path):\(document.position.line): object has no metadata.name",
                                  at: reader.position("crFiles"), field: field)
                }
            }
        }
    }

    // MARK: dependencies and conversion

    func dependsOn(_ reader: FieldReader) -> [Dependency] {
        guard let node = reader.value("dependsOn") else { return [] }
        let field = reader.field("dependsOn")
        if let items = node.items {
            return items.enumerated().compactMap { index, item in
                guard let name = item.scalar?.text else {
                    context.error("expected a CRD key", at: item.position, field: "\(field)[\(index)]")
                    return nil
                }
                return Dependency(crd: name, condition: .started, position: item.position)
            }
        }
        guard let pairs = node.pairs else {
            context.error("expected a list of CRD keys or a mapping of key: condition", at: node.position, field: field)
            return []
        }
        let conditions = Dependency.Condition.allCases.map(\.rawValue)
        return pairs.compactMap { pair in
            var conditionNode: YAMLNode? = pair.value
            if pair.value.pairs != nil {
                conditionNode = FieldReader(pair.value, path: "\(field).\(pair.key)", context: context,
                                            allowed: ["condition"])?.value("condition")
            }
            let text = conditionNode?.scalar.flatMap { $0.isNull ? nil : $0.text } ?? "started"
            guard let condition = Dependency.Condition(rawValue: text) else {
                context.error("unknown dependency condition \"\(text)\"", at: conditionNode?.position ?? pair.keyPosition,
                              field: "\(field).\(pair.key)", hint: "use one of " + conditions.joined(separator: ", "))
                return nil
            }
            return Dependency(crd: pair.key, condition: condition, position: pair.keyPosition)
        }
    }

    func conversion(_ node: YAMLNode, path: String) -> ConversionSettings? {
        guard let reader = FieldReader(node, path: path, context: context, allowed: ["strategy", "paths"]) else { return nil }
        var settings = ConversionSettings()
        if let strategy = reader.choice("strategy", from: ConversionSettings.Strategy.allCases.map(\.rawValue)) {
            settings.strategy = ConversionSettings.Strategy(rawValue: strategy) ?? .webhook
        }
        for (index, item) in (reader.list("paths") ?? []).enumerated() {
            let itemPath = "\(reader.field("paths"))[\(index)]"
            guard let entry = FieldReader(item, path: itemPath, context: context, allowed: ["from", "to", "spec", "drop"],
                                          required: ["from", "to"]),
                  let from = entry.string("from"), let to = entry.string("to")
            else { continue }
            var spec = JSONValue.object([:])
            if let specNode = entry.value("spec") {
                if specNode.pairs == nil {
                    context.error("expected a mapping", at: specNode.position, field: entry.field("spec"))
                } else {
                    spec = specNode.jsonValue
                }
            }
            settings.paths.append(ConversionPath(from: from, to: to, spec: spec, drop: entry.stringList("drop") ?? [],
                                                 position: item.position))
        }
        return settings
    }
}
