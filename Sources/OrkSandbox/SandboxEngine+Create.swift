import OrkValue

/// Who a write is attributed to in `managedFields`.
enum ManagerChange {
    case update(manager: String)
    case apply(manager: String, applied: Set<FieldPath>, stolen: Set<FieldPath>, configuration: JSONValue)
}

/// Creating objects.
extension SandboxEngine {
    static let defaultFieldManager = "unknown"

    func create(_ requested: SandboxResource, namespace: String?, object: JSONValue, fieldManager: String?) throws(SandboxError) -> JSONValue {
        let resource = try registry.resolve(requested)
        let namespace = try namespaceKey(resource, namespace)
        let prepared = try prepareCreate(resource, namespace: namespace, object: object,
                                         change: .update(manager: fieldManager ?? SandboxEngine.defaultFieldManager))
        let stored = try commitCreate(resource, namespace: namespace, prepared)
        runPendingWork()
        return present(stored.object, resource)
    }

    func commitCreate(_ resource: SandboxResource, namespace: String, _ prepared: JSONValue) throws(SandboxError) -> StoredObject {
        let ref = ObjectRef(storage: resource.storageKey, namespace: namespace, name: prepared.objectName)
        if table(ref.storage).get(namespace: namespace, name: ref.name) != nil {
            throw SandboxError.alreadyExists(resource, name: ref.name)
        }
        return try commitPut(ref, prepared, previous: nil)
    }

    /// The object to store for a create: checked, named, with system metadata, defaults and managed fields.
    /// `urlName` is set for creates through PUT or apply, whose body name must match the URL.
    func prepareCreate(_ resource: SandboxResource, namespace: String, object: JSONValue, change: ManagerChange,
                       urlName: String? = nil) throws(SandboxError) -> JSONValue {
        try ObjectLimits.check(object, resource, name: urlName ?? object.objectName)
        guard case .object(var fields) = object else {
            throw SandboxError.badRequest("the object provided is unrecognized (must be of type \(resource.kind)): expected a JSON object")
        }
        var metadata = try metadataFields(fields, resource)
        var name = try metadataString(metadata, "name", resource) ?? ""
        if let urlName {
            if !name.isEmpty && name != urlName {
                throw SandboxError.badRequest("the name of the object (\(name)) does not match the name on the URL (\(urlName))")
            }
            name = urlName
        }
        try checkTypeMeta(resource, fields, name: name)
        var nameField = "metadata.name"
        if name.isEmpty {
            let prefix = try metadataString(metadata, "generateName", resource) ?? ""
            guard !prefix.isEmpty else {
                throw SandboxError.invalid(resource, name: "", causes: [SandboxError.requiredValue("metadata.name", "name or generateName is required")])
            }
            name = prefix + SandboxIdentifiers.nameSuffix()
            nameField = "metadata.generateName"
        }
        metadata["name"] = .string(name)
        if urlName == nil, let version = try metadataString(metadata, "resourceVersion", resource), !version.isEmpty {
            throw SandboxError(code: 500, reason: "", message: "resourceVersion should not be set on objects to be created")
        }
        if resource.namespaced {
            if let bodyNamespace = try metadataString(metadata, "namespace", resource), !bodyNamespace.isEmpty, bodyNamespace != namespace {
                throw SandboxError.badRequest("the namespace of the object (\(bodyNamespace)) does not match the namespace on the request (\(namespace))")
            }
            metadata["namespace"] = .string(namespace)
            try checkNamespaceAcceptsCreate(resource, namespace: namespace, name: name)
        } else {
            metadata["namespace"] = nil
        }
        if resource.isCRDDefined && crdIsTerminating(storage: resource.storageKey) {
            throw SandboxError.methodNotAllowed("create not allowed while custom resource definition is terminating")
        }
        var causes = NameValidation.problems(name: name, rule: nameRule(resource)).map { SandboxError.invalidValue(nameField, name, $0) }
        causes += try validateMetadata(metadata, resource)
        if !causes.isEmpty { throw SandboxError.invalid(resource, name: name, causes: causes) }

        metadata["uid"] = .string(SandboxIdentifiers.uuid())
        metadata["creationTimestamp"] = .string(clock.now())
        metadata["generation"] = 1
        for key in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields"] {
            metadata[key] = nil
        }
        fields["metadata"] = .object(metadata)
        fields["apiVersion"] = .string(registry.storageAPIVersion(storage: resource.storageKey, group: resource.group))
        fields["kind"] = .string(resource.kind)
        var candidate = try admitted(resource, operation: "CREATE", try defaultsOnCreate(resource, .object(fields)), old: nil)
        recordManagedFields(&candidate, old: nil, change: change, apiVersion: resource.apiVersion)
        return candidate
    }

    /// What the real server's create strategies set: status reset where it is a subresource,
    /// namespace finalizer and phase, pod phase, CRD defaults and status.
    func defaultsOnCreate(_ resource: SandboxResource, _ object: JSONValue) throws(SandboxError) -> JSONValue {
        var object = object
        switch resource.storageKey {
        case "namespaces":
            if case .object(var spec) = object["spec"] ?? .object([:]) {
                if spec["finalizers"] == nil { spec["finalizers"] = ["kubernetes"] }
                object.setField("spec", .object(spec))
            }
            object.setField("status", ["phase": "Active"])
        case "pods":
            object.setField("status", ["phase": "Pending", "qosClass": "BestEffort"])
        case "secrets":
            object = SandboxEngine.mergingStringData(object)
            if object["type"] == nil { object.setField("type", "Opaque") }
        case ResourceRegistry.crdStorage:
            object = try prepareCRD(resource, object, previous: nil)
        default:
            if resource.hasStatusSubresource {
                object.setField("status", resource.isCRDDefined ? nil : .object([:]))
            }
        }
        return object
    }

    /// Secrets: `stringData` is write-only; the real server merges it into `data` (base64) and drops it.
    static func mergingStringData(_ secret: JSONValue) -> JSONValue {
        guard case .object(let stringData) = secret["stringData"] ?? .null else { return secret }
        var secret = secret
        var data = secret["data"]?.objectValue ?? [:]
        for (key, value) in stringData {
            if case .string(let text) = value { data[key] = .string(Base64.encode(text.utf8)) }
        }
        secret.setField("data", .object(data))
        secret.setField("stringData", nil)
        return secret
    }

    /// Updates `metadata.managedFields` for a write from `old` (nil: create) to `object`.
    func recordManagedFields(_ object: inout JSONValue, old: JSONValue?, change: ManagerChange, apiVersion: String) {
        let leaves = FieldPaths.leaves(of: object)
        let entries = old.map(ManagedFields.decode) ?? []
        let updated: [ManagedFieldsEntry]
        switch change {
        case .update(let manager):
            updated = ManagedFields.recordUpdate(entries, manager: manager, apiVersion: apiVersion, time: clock.now(),
                                                 changed: FieldPaths.changedLeaves(from: old, to: object), leaves: leaves)
        case .apply(let manager, let applied, let stolen, let configuration):
            let owned = applied.filter { path in
                guard let value = FieldPaths.value(at: path, in: object), let wanted = FieldPaths.value(at: path, in: configuration) else {
                    return false
                }
                return JSONEquality.equal(value, wanted)
            }
            updated = ManagedFields.recordApply(entries, manager: manager, apiVersion: apiVersion, time: clock.now(),
                                                applied: owned, stolen: stolen, leaves: leaves)
        }
        if updated != entries || old == nil {
            object.updateMetadata { $0["managedFields"] = managedFieldsEncoder.encode(updated) }
        }
    }
}
