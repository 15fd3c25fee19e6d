import OrkValue

/// What a CustomResourceDefinition object says the sandbox should serve.
struct CRDDefinition: Equatable {
    struct Version: Equatable {
        var name: String
        var served: Bool
        var storage: Bool
        var statusSubresource: Bool
    }

    var name: String
    var group: String
    var plural: String
    var singular: String
    var kind: String
    var listKind: String
    var shortNames: [String]
    var categories: [String]
    var namespaced: Bool
    var versions: [Version]

    var storageVersion: String { versions.first(where: \.storage)?.name ?? versions.first?.name ?? "" }
    var storageKey: String { "\(plural).\(group)" }

    /// The resources this definition serves (one per served version).
    var resources: [SandboxResource] {
        versions.filter(\.served).map { version in
            SandboxResource(group: group, version: version.name, plural: plural, kind: kind, namespaced: namespaced,
                            hasStatusSubresource: version.statusSubresource, isCRDDefined: true,
                            singular: singular, shortNames: shortNames, categories: categories)
        }
    }

    /// Reads a (validated) CRD object. Missing pieces become empty values.
    init(_ object: JSONValue) {
        let spec = object["spec"] ?? .null
        let names = spec["names"] ?? .null
        name = object.objectName
        group = spec["group"]?.stringValue ?? ""
        plural = names["plural"]?.stringValue ?? ""
        kind = names["kind"]?.stringValue ?? ""
        singular = names["singular"]?.stringValue ?? kind.lowercased()
        listKind = names["listKind"]?.stringValue ?? kind + "List"
        shortNames = names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
        categories = names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? []
        namespaced = spec["scope"]?.stringValue != "Cluster"
        versions = (spec["versions"]?.arrayValue ?? []).map { version in
            Version(name: version["name"]?.stringValue ?? "", served: version["served"]?.boolValue ?? false,
                    storage: version["storage"]?.boolValue ?? false,
                    statusSubresource: version["subresources"]?["status"] != nil)
        }
    }

    /// The field problems of a CRD object, as the real server reports them (a subset of its rules).
    static func validate(_ object: JSONValue) -> [SandboxError.Cause] {
        typealias E = SandboxError
        var causes: [E.Cause] = []
        let spec = object["spec"] ?? .null
        let group = spec["group"]?.stringValue ?? ""
        let names = spec["names"] ?? .null
        let plural = names["plural"]?.stringValue ?? ""
        if group.isEmpty {
            causes.append(E.requiredValue("spec.group", ""))
        } else if !NameValidation.isSubdomain(group) {
            causes.append(E.invalidValue("spec.group", group, NameValidation.subdomainMessage))
        } else if !group.contains(".") {
            causes.append(E.invalidValue("spec.group", group, "should be a domain with at least one dot"))
        }
        if plural.isEmpty {
            causes.append(E.requiredValue("spec.names.plural", ""))
        } else if !NameValidation.isLabel(plural) {
            causes.append(E.invalidValue("spec.names.plural", plural, NameValidation.labelMessage))
        }
        if let singular = names["singular"]?.stringValue, !singular.isEmpty, !NameValidation.isLabel(singular) {
            causes.append(E.invalidValue("spec.names.singular", singular, NameValidation.labelMessage))
        }
        for key in ["kind", "listKind"] {
            guard let value = names[key]?.stringValue, !value.isEmpty else {
                if key == "kind" { causes.append(E.requiredValue("spec.names.kind", "")) }
                continue
            }
            if !NameValidation.isDNS1035Label(value.lowercased()) {
                causes.append(E.invalidValue("spec.names.\(key)", value, NameValidation.dns1035Message))
            }
        }
        for shortName in names["shortNames"]?.arrayValue ?? [] {
            let text = shortName.stringValue ?? ""
            if !NameValidation.isLabel(text) { causes.append(E.invalidValue("spec.names.shortNames", text, NameValidation.labelMessage)) }
        }
        let name = object.objectName
        if !plural.isEmpty, !group.isEmpty, name != "\(plural).\(group)" {
            causes.append(E.invalidValue("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"))
        }
        switch spec["scope"]?.stringValue {
        case "Namespaced", "Cluster": break
        case nil, "": causes.append(E.requiredValue("spec.scope", ""))
        case let other?: causes.append(E.unsupportedValue("spec.scope", other, supported: ["Cluster", "Namespaced"]))
        }
        let versions = spec["versions"]?.arrayValue ?? []
        if versions.isEmpty {
            causes.append(E.requiredValue("spec.versions", "must have at least one version"))
        }
        var seen = Set<String>()
        var storageCount = 0
        for (index, version) in versions.enumerated() {
            let versionName = version["name"]?.stringValue ?? ""
            if !NameValidation.isLabel(versionName) {
                causes.append(E.invalidValue("spec.versions[\(index)].name", versionName, NameValidation.labelMessage))
            }
            if !seen.insert(versionName).inserted {
                causes.append(E.invalidValue("spec.versions", versionName, "must contain unique version names"))
            }
            if version["storage"]?.boolValue ?? false { storageCount += 1 }
            if version["schema"]?["openAPIV3Schema"] == nil {
                causes.append(E.requiredValue("spec.versions[\(index)].schema.openAPIV3Schema", "schemas are required"))
            }
        }
        if !versions.isEmpty && storageCount != 1 {
            causes.append(E.invalidValue("spec.versions", versions.compactMap { $0["name"]?.stringValue }.joined(separator: ","),
                                         "must have exactly one version marked as storage version"))
        }
        return causes
    }

    /// Fills in what the real server defaults: `names.singular`, `names.listKind`, `conversion.strategy`.
    static func defaulted(_ object: JSONValue) -> JSONValue {
        guard case .object(var fields) = object, case .object(var spec) = fields["spec"] ?? .null else { return object }
        if case .object(var names) = spec["names"] ?? .null {
            let kind = names["kind"]?.stringValue ?? ""
            if (names["singular"]?.stringValue ?? "").isEmpty { names["singular"] = .string(kind.lowercased()) }
            if (names["listKind"]?.stringValue ?? "").isEmpty { names["listKind"] = .string(kind + "List") }
            spec["names"] = .object(names)
        }
        if spec["conversion"] == nil { spec["conversion"] = ["strategy": "None"] }
        fields["spec"] = .object(spec)
        return .object(fields)
    }

    /// The status the CRD controllers would converge to: names accepted, established, stored versions.
    static func status(for object: JSONValue, previous: JSONValue?, now: String) -> JSONValue {
        let definition = CRDDefinition(object)
        var stored = previous?["status"]?["storedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !stored.contains(definition.storageVersion) { stored.append(definition.storageVersion) }
        let previousConditions = previous?["status"]?["conditions"]?.arrayValue ?? []
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            let since = previousConditions.first { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }?["lastTransitionTime"]
            return ["type": .string(type), "status": "True", "lastTransitionTime": since ?? .string(now),
                    "reason": .string(reason), "message": .string(message)]
        }
        var conditions: [JSONValue] = [
            condition("NamesAccepted", "NoConflicts", "no conflicts found"),
            condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
        ]
        if let terminating = previousConditions.first(where: { $0["type"]?.stringValue == "Terminating" }) {
            conditions.append(terminating)
        }
        return [
            "conditions": .array(conditions),
            "acceptedNames": object["spec"]?["names"] ?? [:],
            "storedVersions": .array(stored.map { .string($0) }),
        ]
    }
}
