import OrkValue

/// Committing writes: persist, store, index, record in the history, notify watchers.
extension SandboxEngine {
    /// Stores `object` at `ref` as a new version (it gets the next resourceVersion).
    @discardableResult
    func commitPut(_ ref: ObjectRef, _ object: JSONValue, previous: StoredObject?) throws(SandboxError) -> StoredObject {
        let version = resourceVersion + 1
        var object = object
        object.updateMetadata { $0["resourceVersion"] = .string(String(version)) }
        try log?.append(.put(storage: ref.storage, namespace: ref.namespace, name: ref.name, object: object), resourceVersion: version)
        resourceVersion = version
        let stored = StoredObject(object: object, resourceVersion: version)
        table(ref.storage).put(namespace: ref.namespace, name: ref.name, stored)
        if previous == nil, !ref.namespace.isEmpty { namespaceCounts[ref.namespace, default: 0] += 1 }
        reindexOwners(ref, old: previous?.object, new: object)
        record(ChangeEvent(resourceVersion: version, storage: ref.storage, namespace: ref.namespace,
                           kind: previous == nil ? .added : .modified, object: object, previous: previous?.object))
        if ref.storage == ResourceRegistry.crdStorage { crdStored(object) }
        return stored
    }

    /// Removes the object at `ref`; returns its last state carrying the delete's resourceVersion.
    @discardableResult
    func commitRemove(_ ref: ObjectRef, previous: StoredObject, finalState: JSONValue? = nil) throws(SandboxError) -> JSONValue {
        let version = resourceVersion + 1
        try log?.append(.delete(storage: ref.storage, namespace: ref.namespace, name: ref.name), resourceVersion: version)
        resourceVersion = version
        table(ref.storage).remove(namespace: ref.namespace, name: ref.name)
        if !ref.namespace.isEmpty {
            let remaining = (namespaceCounts[ref.namespace] ?? 1) - 1
            namespaceCounts[ref.namespace] = remaining > 0 ? remaining : nil
        }
        reindexOwners(ref, old: previous.object, new: nil)
        var last = finalState ?? previous.object
        last.updateMetadata { $0["resourceVersion"] = .string(String(version)) }
        record(ChangeEvent(resourceVersion: version, storage: ref.storage, namespace: ref.namespace,
                           kind: .deleted, object: last, previous: previous.object))
        objectRemoved(ref, previous.object)
        return last
    }

    /// Stores a prepared new state: removes the object instead when it is being deleted and nothing holds it.
    /// Returns the stored object, or the last state when it was removed.
    @discardableResult
    func store(_ ref: ObjectRef, _ object: JSONValue, previous: StoredObject?) throws(SandboxError) -> (object: JSONValue, removed: Bool) {
        if let previous, SandboxEngine.canBeRemoved(object, storage: ref.storage) {
            // The real server answers such an update with the object as it was written, at the old version.
            try commitRemove(ref, previous: previous, finalState: object)
            return (object, true)
        }
        return (try commitPut(ref, object, previous: previous).object, false)
    }

    /// Whether an object marked for deletion has no finalizer left (namespaces also wait for `spec.finalizers`).
    static func canBeRemoved(_ object: JSONValue, storage: String) -> Bool {
        guard object.isBeingDeleted, object.finalizers.isEmpty else { return false }
        if storage == "namespaces" { return (object["spec"]?["finalizers"]?.arrayValue ?? []).isEmpty }
        return true
    }

    private func record(_ change: ChangeEvent) {
        history.append(change)
        hub.publish(change)
    }

    /// Keeps the owner → dependents index current; new owner references are checked by the garbage collector.
    private func reindexOwners(_ ref: ObjectRef, old: JSONValue?, new: JSONValue?) {
        let before = old?.ownerReferences.map(\.uid) ?? []
        let after = new?.ownerReferences.map(\.uid) ?? []
        if before.isEmpty && after.isEmpty { return }
        let beforeSet = Set(before), afterSet = Set(after)
        for uid in beforeSet.subtracting(afterSet) {
            dependents[uid]?.remove(ref)
            if dependents[uid]?.isEmpty ?? false { dependents[uid] = nil }
        }
        let added = afterSet.subtracting(beforeSet)
        for uid in added { dependents[uid, default: []].insert(ref) }
        if new != nil && !added.isEmpty { pendingWork.append(.evaluateDependent(ref)) }
    }

    /// Follow-up work after an object is gone.
    private func objectRemoved(_ ref: ObjectRef, _ object: JSONValue) {
        let uid = object.objectUID
        if dependents[uid] != nil { pendingWork.append(.ownerRemoved(uid: uid)) }
        for owner in object.ownerReferences {
            if let location = ownerLocation(owner, dependentNamespace: ref.namespace) {
                pendingWork.append(.foregroundCheck(location))
            }
        }
        if !ref.namespace.isEmpty, namespaceCounts[ref.namespace] == nil,
           table("namespaces").get(namespace: "", name: ref.namespace)?.object.isBeingDeleted ?? false {
            pendingWork.append(.namespaceCheck(ref.namespace))
        }
        if registry.crd(storage: ref.storage) != nil, table(ref.storage).count == 0 {
            pendingWork.append(.crdCheck(ref.storage))
        }
        if ref.storage == ResourceRegistry.crdStorage { crdRemoved(name: ref.name) }
    }
}
