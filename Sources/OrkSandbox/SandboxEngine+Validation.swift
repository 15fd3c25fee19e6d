import OrkValue

/// Checks shared by every write: type metadata, object metadata, names.
extension SandboxEngine {
    static let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

    /// `metadata` as a dictionary (absent or null: empty); anything else cannot be decoded.
    func metadataFields(_ fields: [String: JSONValue], _ resource: SandboxResource) throws(SandboxError) -> [String: JSONValue] {
        switch fields["metadata"] {
        case nil, .null?: return [:]
        case .object(let metadata)?: return metadata
        default: throw SandboxError.undecodable(resource, "metadata: expected an object")
        }
    }

    /// A string field of metadata (nil when absent or null); other types cannot be decoded.
    func metadataString(_ metadata: [String: JSONValue], _ key: String, _ resource: SandboxResource) throws(SandboxError) -> String? {
        switch metadata[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw SandboxError.undecodable(resource, "metadata.\(key): expected a string")
        }
    }

    /// `apiVersion` and `kind` must name this resource (any served version of a built-in's storage is accepted,
    /// as the real server converts built-ins; custom resources must match exactly).
    func checkTypeMeta(_ resource: SandboxResource, _ fields: [String: JSONValue], name: String,
                       requireBoth: Bool = false) throws(SandboxError) {
        let apiVersion: String?
        let kind: String?
        switch fields["apiVersion"] {
        case nil, .null?: apiVersion = nil
        case .string(let value)?: apiVersion = value.isEmpty ? nil : value
        default: throw SandboxError.undecodable(resource, "apiVersion: expected a string")
        }
        switch fields["kind"] {
        case nil, .null?: kind = nil
        case .string(let value)?: kind = value.isEmpty ? nil : value
        default: throw SandboxError.undecodable(resource, "kind: expected a string")
        }
        if requireBoth || resource.isCRDDefined {
            let body = JSONValue.object(fields).serialized()
            let excerpt = body.utf8.count > 200 ? String(body.prefix(200)) + "..." : body
            if kind == nil { throw SandboxError.undecodable(resource, "Object 'Kind' is missing in '\(excerpt)'") }
            if apiVersion == nil { throw SandboxError.undecodable(resource, "Object 'apiVersion' is missing in '\(excerpt)'") }
        }
        if let kind, kind != resource.kind {
            if resource.isCRDDefined {
                throw SandboxError.invalid(qualifiedName: "\(kind).\(resource.group)", group: resource.group, kind: kind, name: name,
                                           causes: [SandboxError.invalidValue("kind", kind, "must be \(resource.kind)")])
            }
            throw SandboxError.badRequest("\(kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): converting (\(kind)) to (\(resource.kind)): unknown conversion")
        }
        if let apiVersion, apiVersion != resource.apiVersion {
            if resource.isCRDDefined {
                throw SandboxError.badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))")
            }
            let (group, version) = KubernetesKinds.split(apiVersion: apiVersion)
            if group != resource.group || registry.lookup(group: group, version: version, plural: resource.plural) == nil {
                throw SandboxError.badRequest("\(kind ?? resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): no kind \"\(kind ?? resource.kind)\" is registered for version \"\(apiVersion)\"")
            }
        }
    }

    /// The name rule of a resource.
    func nameRule(_ resource: SandboxResource) -> NameRule {
        resource.isCRDDefined ? .subdomain : BuiltinResources.overlay(storageKey: resource.storageKey).nameRule
    }

    /// Problems with labels, annotations, finalizers and owner references (type errors throw 400).
    func validateMetadata(_ metadata: [String: JSONValue], _ resource: SandboxResource) throws(SandboxError) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        for key in ["labels", "annotations"] {
            guard let value = metadata[key], !value.isNull else { continue }
            guard case .object(let entries) = value else { throw SandboxError.undecodable(resource, "metadata.\(key): expected an object") }
            var size = 0
            for (entryKey, entryValue) in entries.sorted(by: { $0.key < $1.key }) {
                guard case .string(let text) = entryValue else {
                    throw SandboxError.undecodable(resource, "metadata.\(key).\(entryKey): expected a string")
                }
                let keyProblems = NameValidation.qualifiedNameProblems(key == "annotations" ? entryKey.lowercased() : entryKey)
                causes += keyProblems.map { SandboxError.invalidValue("metadata.\(key)", entryKey, $0) }
                if key == "labels" {
                    causes += NameValidation.labelValueProblems(text).map { SandboxError.invalidValue("metadata.labels", text, $0) }
                }
                size += entryKey.utf8.count + text.utf8.count
            }
            if key == "annotations" && size > 262_144 {
                causes.append(SandboxError.Cause(field: "metadata.annotations", reason: "FieldValueTooLong",
                                                 message: "Too long: must have at most 262144 bytes"))
            }
        }
        if let value = metadata["finalizers"], !value.isNull {
            guard case .array(let finalizers) = value else { throw SandboxError.undecodable(resource, "metadata.finalizers: expected an array") }
            for finalizer in finalizers {
                guard case .string(let name) = finalizer else {
                    throw SandboxError.undecodable(resource, "metadata.finalizers: expected strings")
                }
                if name.contains("/") {
                    causes += NameValidation.qualifiedNameProblems(name).map { SandboxError.invalidValue("metadata.finalizers", name, $0) }
                } else if !SandboxEngine.standardFinalizers.contains(name) {
                    causes.append(SandboxError.invalidValue("metadata.finalizers", name,
                                                            "name is neither a standard finalizer name nor is it fully qualified"))
                }
            }
        }
        if let value = metadata["ownerReferences"], !value.isNull {
            guard case .array(let references) = value else {
                throw SandboxError.undecodable(resource, "metadata.ownerReferences: expected an array")
            }
            var controllers = 0
            for reference in references {
                guard case .object(let fields) = reference else {
                    throw SandboxError.undecodable(resource, "metadata.ownerReferences: expected objects")
                }
                for (key, what) in [("apiVersion", "version"), ("kind", "kind"), ("name", "name"), ("uid", "uid")] {
                    let text = fields[key]?.stringValue ?? ""
                    if text.isEmpty {
                        causes.append(SandboxError.invalidValue("metadata.ownerReferences.\(key)", "", "\(what) must not be empty"))
                    }
                }
                if fields["controller"]?.boolValue ?? false { controllers += 1 }
            }
            if controllers > 1 {
                causes.append(SandboxError.invalidValue("metadata.ownerReferences", "",
                                                        "Only one reference can have Controller set to true"))
            }
        }
        return causes
    }

    /// Whether anything outside `metadata` (and `status`, when it is a subresource) differs.
    static func bodyChanged(_ old: JSONValue, _ new: JSONValue, statusIsSubresource: Bool) -> Bool {
        guard case .object(let before) = old, case .object(let after) = new else { return old != new }
        for key in Set(before.keys).union(after.keys) {
            if key == "metadata" || key == "apiVersion" || key == "kind" || (statusIsSubresource && key == "status") { continue }
            if before[key] != after[key] { return true }
        }
        return false
    }

    /// Only `nil` (the main resource) and `status` (where served) are subresources here.
    func checkSubresource(_ resource: SandboxResource, _ subresource: String?) throws(SandboxError) {
        guard let subresource, !subresource.isEmpty else { return }
        guard subresource == "status", resource.hasStatusSubresource else { throw SandboxError.resourceNotFound() }
    }
}
