import OrkValue

/// Replacing objects (PUT), on the main resource or `/status`.
extension SandboxEngine {
    func update(_ requested: SandboxResource, namespace: String?, name: String, object: JSONValue,
                subresource: String?, fieldManager: String?) throws(SandboxError) -> SandboxWriteResult {
        let resource = try registry.resolve(requested)
        try checkSubresource(resource, subresource)
        let namespace = try namespaceKey(resource, namespace)
        let ref = ObjectRef(storage: resource.storageKey, namespace: namespace, name: name)
        let manager = ManagerChange.update(manager: fieldManager ?? SandboxEngine.defaultFieldManager)
        guard let old = table(ref.storage).get(namespace: namespace, name: name) else {
            let overlay = BuiltinResources.overlay(storageKey: resource.storageKey)
            guard subresource == nil, !resource.isCRDDefined, overlay.allowCreateOnUpdate else {
                throw SandboxError.notFound(resource, name: name)
            }
            let prepared = try prepareCreate(resource, namespace: namespace, object: object, change: manager, urlName: name)
            let stored = try commitCreate(resource, namespace: namespace, prepared)
            runPendingWork()
            return SandboxWriteResult(object: present(stored.object, resource), created: true)
        }
        let candidate = try prepareUpdate(resource, ref, old, object, subresource: subresource, change: manager,
                                          requireResourceVersion: true)
        return SandboxWriteResult(object: try finishUpdate(resource, ref, candidate, old), created: false)
    }

    /// Stores an update unless it changes nothing (then nothing is written, as in the real server).
    func finishUpdate(_ resource: SandboxResource, _ ref: ObjectRef, _ candidate: JSONValue, _ old: StoredObject) throws(SandboxError) -> JSONValue {
        if candidate == old.object { return present(old.object, resource) }
        let result = try store(ref, candidate, previous: old)
        runPendingWork()
        return present(result.object, resource)
    }

    /// The new state of an object for an update from `requested`: preconditions checked, system metadata kept,
    /// status or everything-but-status taken from the request per subresource, generation and managed fields updated.
    func prepareUpdate(_ resource: SandboxResource, _ ref: ObjectRef, _ old: StoredObject, _ requested: JSONValue,
                       subresource: String?, change: ManagerChange, requireResourceVersion: Bool) throws(SandboxError) -> JSONValue {
        try ObjectLimits.check(requested, resource, name: ref.name)
        guard case .object(var fields) = requested else {
            throw SandboxError.badRequest("the object provided is unrecognized (must be of type \(resource.kind)): expected a JSON object")
        }
        var metadata = try metadataFields(fields, resource)
        let bodyName = try metadataString(metadata, "name", resource) ?? ""
        if !bodyName.isEmpty && bodyName != ref.name {
            throw SandboxError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(ref.name))")
        }
        try checkTypeMeta(resource, fields, name: ref.name)
        if resource.namespaced, let bodyNamespace = try metadataString(metadata, "namespace", resource),
           !bodyNamespace.isEmpty, bodyNamespace != ref.namespace {
            throw SandboxError.badRequest("the namespace of the object (\(bodyNamespace)) does not match the namespace on the request (\(ref.namespace))")
        }
        let requestedVersion = try metadataString(metadata, "resourceVersion", resource) ?? ""
        if requestedVersion.isEmpty {
            if requireResourceVersion && resource.isCRDDefined {
                throw SandboxError.invalid(resource, name: ref.name, causes: [
                    SandboxError.Cause(field: "metadata.resourceVersion", reason: "FieldValueInvalid",
                                       message: "Invalid value: 0x0: must be specified for an update"),
                ])
            }
        } else if requestedVersion != old.object.objectResourceVersion {
            throw SandboxError.staleResourceVersion(resource, name: ref.name)
        }
        let oldUID = old.object.objectUID
        if let uid = try metadataString(metadata, "uid", resource), !uid.isEmpty, uid != oldUID {
            let key = "/registry/" + (resource.isCRDDefined ? resource.group + "/" : "") + resource.plural
                + (ref.namespace.isEmpty ? "" : "/" + ref.namespace) + "/" + ref.name
            throw SandboxError.conflict(resource, name: ref.name,
                "StorageError: invalid object, Code: 4, Key: \(key), ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: \(uid), UID in object meta: \(oldUID)")
        }

        var candidate: JSONValue
        if subresource == "status" {
            candidate = old.object
            candidate.setField("status", fields["status"].flatMap { $0.isNull ? nil : $0 })
        } else {
            let oldMetadata = old.object.metadataFields
            for key in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                        "generation", "managedFields", "resourceVersion"] {
                metadata[key] = oldMetadata[key]
            }
            metadata["selfLink"] = nil
            var causes = try validateMetadata(metadata, resource)
            if old.object.isBeingDeleted {
                let before = Set(old.object.finalizers)
                let added = (metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue).filter { !before.contains($0) }
                if !added.isEmpty {
                    let list = added.map { "\"\($0)\"" }.joined(separator: ", ")
                    causes.append(SandboxError.forbiddenValue("metadata.finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers []string{\(list)}"))
                }
            }
            if !causes.isEmpty { throw SandboxError.invalid(resource, name: ref.name, causes: causes) }
            fields["metadata"] = .object(metadata)
            fields["apiVersion"] = .string(registry.storageAPIVersion(storage: resource.storageKey, group: resource.group))
            fields["kind"] = .string(resource.kind)
            candidate = .object(fields)
            if resource.hasStatusSubresource { candidate.setField("status", old.object["status"]) }
            if ref.storage == ResourceRegistry.crdStorage {
                candidate = try prepareCRD(resource, candidate, previous: old.object)
            }
            if ref.storage == "secrets" { candidate = SandboxEngine.mergingStringData(candidate) }
            candidate = try admitted(resource, operation: "UPDATE", candidate, old: old.object)
        }
        if SandboxEngine.bodyChanged(old.object, candidate, statusIsSubresource: resource.hasStatusSubresource) {
            let generation = old.object["metadata"]?["generation"]?.intValue ?? 0
            candidate.updateMetadata { $0["generation"] = .int(generation + 1) }
        }
        recordManagedFields(&candidate, old: old.object, change: change, apiVersion: resource.apiVersion)
        return candidate
    }
}
