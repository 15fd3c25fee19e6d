import OrkValue

/// CRD lifecycle: a stored CRD is served at once (names accepted, established); deleting one marks it
/// Terminating, deletes its objects (finalizers honoured), then removes it and stops serving it.
extension SandboxEngine {
    static let crdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    /// Validation and server-maintained fields of a CRD being created or updated.
    func prepareCRD(_ resource: SandboxResource, _ object: JSONValue, previous: JSONValue?) throws(SandboxError) -> JSONValue {
        var object = CRDDefinition.defaulted(object)
        var causes = CRDDefinition.validate(object)
        if let previous, let before = previous["spec"]?["scope"]?.stringValue,
           let after = object["spec"]?["scope"]?.stringValue, before != after {
            causes.append(SandboxError.invalidValue("spec.scope", after, "field is immutable"))
        }
        if !causes.isEmpty {
            throw SandboxError.invalid(qualifiedName: resource.groupResource, group: resource.group, kind: resource.plural,
                                       name: object.objectName, causes: causes)
        }
        object.setField("status", CRDDefinition.status(for: object, previous: previous, now: clock.now()))
        return object
    }

    /// Serves what a stored CRD defines; ends watches on versions it stopped serving.
    func crdStored(_ object: JSONValue) {
        let dropped = registry.apply(crd: CRDDefinition(object))
        for resource in dropped { hub.finish(storage: resource.storageKey, version: resource.version) }
    }

    /// Stops serving a removed CRD and ends its watches. Objects left behind (possible only when a client
    /// removed the cleanup finalizer itself) stay stored, as in etcd, and reappear if the CRD comes back.
    func crdRemoved(name: String) {
        registry.removeCRD(storage: name)
        hub.finish(storage: name)
    }

    func deleteCRD(_ resource: SandboxResource, name: String, stored: StoredObject) throws(SandboxError) -> JSONValue {
        if stored.object.isBeingDeleted { return present(stored.object, resource) }
        let ref = ObjectRef(storage: ResourceRegistry.crdStorage, namespace: "", name: name)
        var marked = markedForDeletion(stored.object, finalizer: SandboxEngine.crdCleanupFinalizer)
        if case .object(var status) = marked["status"] ?? .object([:]) {
            var conditions = status["conditions"]?.arrayValue ?? []
            conditions.removeAll { $0["type"]?.stringValue == "Terminating" }
            conditions.append(["type": "Terminating", "status": "True", "lastTransitionTime": .string(clock.now()),
                               "reason": "InstanceDeletionInProgress", "message": "CustomResource deletion is in progress"])
            status["conditions"] = .array(conditions)
            marked.setField("status", .object(status))
        }
        let result = try commitPut(ref, marked, previous: stored)
        pendingWork.append(.purgeCRD(name))
        return present(result.object, resource)
    }

    /// Whether a CRD-defined storage is being deleted (creates are refused then).
    func crdIsTerminating(storage: String) -> Bool {
        table(ResourceRegistry.crdStorage).get(namespace: "", name: storage)?.object.isBeingDeleted ?? false
    }

    func purgeCRD(_ name: String) throws(SandboxError) {
        guard crdIsTerminating(storage: name), let table = tables[name] else {
            pendingWork.append(.crdCheck(name))
            return
        }
        for (namespace, objectName, stored) in table.allObjects().sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
        where !stored.object.isBeingDeleted {
            _ = try performDelete(ObjectRef(storage: name, namespace: namespace, name: objectName), stored, policy: .background)
        }
        pendingWork.append(.crdCheck(name))
    }

    func finishCRD(_ name: String) throws(SandboxError) {
        let ref = ObjectRef(storage: ResourceRegistry.crdStorage, namespace: "", name: name)
        guard let stored = table(ResourceRegistry.crdStorage).get(namespace: "", name: name), stored.object.isBeingDeleted,
              (tables[name]?.count ?? 0) == 0, stored.object.finalizers.contains(SandboxEngine.crdCleanupFinalizer) else { return }
        try removeFinalizer(SandboxEngine.crdCleanupFinalizer, ref, stored)
    }
}
