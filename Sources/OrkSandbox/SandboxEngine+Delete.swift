import OrkValue

/// Deleting objects: preconditions, finalizers, propagation policies.
extension SandboxEngine {
    func delete(_ requested: SandboxResource, namespace: String?, name: String, options: SandboxDeleteOptions) throws(SandboxError) -> JSONValue {
        let resource = try registry.resolve(requested)
        let namespace = try namespaceKey(resource, namespace)
        let ref = ObjectRef(storage: resource.storageKey, namespace: namespace, name: name)
        guard let stored = table(ref.storage).get(namespace: namespace, name: name) else {
            throw SandboxError.notFound(resource, name: name)
        }
        let result = try deleteStored(resource, ref, stored, options: options)
        runPendingWork()
        return result
    }

    /// Deletes every object a list selects (DELETE on a collection); returns what was deleted or marked.
    func deleteCollection(_ requested: SandboxResource, namespace: String?, listOptions: ListOptions,
                          options: SandboxDeleteOptions) throws(SandboxError) -> SandboxList {
        let resource = try registry.resolve(requested)
        var selection = listOptions
        selection.limit = nil
        selection.continueToken = nil
        let listed = try list(resource, namespace: namespace, options: selection)
        var items: [JSONValue] = []
        for item in listed.items {
            let ref = ObjectRef(storage: resource.storageKey, namespace: item.objectNamespace, name: item.objectName)
            guard let stored = table(ref.storage).get(namespace: ref.namespace, name: ref.name) else { continue }
            let result = try deleteStored(resource, ref, stored, options: options)
            items.append(result["kind"]?.stringValue == "Status" ? present(stored.object, resource) : result)
        }
        runPendingWork()
        return SandboxList(items: items, resourceVersion: String(resourceVersion))
    }

    private func deleteStored(_ resource: SandboxResource, _ ref: ObjectRef, _ stored: StoredObject,
                              options: SandboxDeleteOptions) throws(SandboxError) -> JSONValue {
        let uid = stored.object.objectUID
        if let expected = options.preconditionUID, !expected.isEmpty, expected != uid {
            throw SandboxError.preconditionFailed(resource, name: ref.name,
                "the UID in the precondition (\(expected)) does not match the UID in record (\(uid)). The object might have been deleted and then recreated")
        }
        let version = stored.object.objectResourceVersion
        if let expected = options.preconditionResourceVersion, !expected.isEmpty, expected != version {
            throw SandboxError.preconditionFailed(resource, name: ref.name,
                "the ResourceVersion in the precondition (\(expected)) does not match the ResourceVersion in record (\(version)). The object might have been modified")
        }
        let policy = try propagationPolicy(resource, options, stored.object)
        try admitDelete(resource, stored.object)
        if ref.storage == "namespaces" { return try deleteNamespace(resource, name: ref.name, stored: stored) }
        if ref.storage == ResourceRegistry.crdStorage { return try deleteCRD(resource, name: ref.name, stored: stored) }
        if stored.object.isBeingDeleted { return present(stored.object, resource) }
        let (object, removed) = try performDelete(ref, stored, policy: policy)
        if removed {
            guard BuiltinResources.overlay(storageKey: resource.storageKey).returnsDeletedObject else {
                return SandboxEngine.successStatus(resource, name: ref.name, uid: uid)
            }
            // Pods are deleted gracefully with a zero grace period (no node runs them): the answer shows the mark.
            return present(markedForDeletion(object, finalizer: nil), resource)
        }
        return present(object, resource)
    }

    /// The policy a delete uses: the options, else a finalizer already asking for one, else the resource default.
    func propagationPolicy(_ resource: SandboxResource, _ options: SandboxDeleteOptions, _ object: JSONValue) throws(SandboxError) -> PropagationPolicy {
        if let text = options.propagationPolicy, !text.isEmpty {
            if options.orphanDependents != nil {
                throw SandboxError.invalid(qualifiedName: "DeleteOptions.meta.k8s.io", group: "meta.k8s.io", kind: "DeleteOptions", name: "",
                    causes: [SandboxError.invalidValue("propagationPolicy", text, "orphanDependents and deletionPropagation cannot be both set")])
            }
            guard let policy = PropagationPolicy(rawValue: text) else {
                throw SandboxError.invalid(qualifiedName: "DeleteOptions.meta.k8s.io", group: "meta.k8s.io", kind: "DeleteOptions", name: "",
                    causes: [SandboxError.unsupportedValue("propagationPolicy", text, supported: ["Foreground", "Background", "Orphan", "nil"])])
            }
            return policy
        }
        if let orphan = options.orphanDependents { return orphan ? .orphan : .background }
        if object.finalizers.contains("orphan") { return .orphan }
        if object.finalizers.contains("foregroundDeletion") { return .foreground }
        if !resource.isCRDDefined,
           BuiltinResources.overlay(storageKey: resource.storageKey).orphanByDefaultVersions.contains(resource.version) {
            return .orphan
        }
        return .background
    }

    /// The `Status` a delete answers when the object is gone at once.
    static func successStatus(_ resource: SandboxResource, name: String, uid: String) -> JSONValue {
        var details: [String: JSONValue] = ["name": .string(name), "kind": .string(resource.plural), "uid": .string(uid)]
        if !resource.group.isEmpty { details["group"] = .string(resource.group) }
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details)]
    }
}
