import OrkValue

/// Garbage collection by owner references, as kube-controller-manager's garbage collector does it.
extension SandboxEngine {
    /// Runs queued follow-up work until none is left. Failures are kept in `lastBackgroundError`.
    func runPendingWork() {
        guard !runningPendingWork else { return }
        runningPendingWork = true
        defer { runningPendingWork = false }
        var index = 0
        while index < pendingWork.count {
            let work = pendingWork[index]
            index += 1
            do {
                try perform(work)
            } catch {
                lastBackgroundError = error
            }
            if index >= 4096 {
                pendingWork.removeFirst(index)
                index = 0
            }
        }
        pendingWork.removeAll(keepingCapacity: true)
    }

    private func perform(_ work: PendingWork) throws(SandboxError) {
        switch work {
        case .ownerRemoved(let uid):
            for ref in sortedDependents(of: uid) { try evaluateDependent(ref) }
        case .evaluateDependent(let ref):
            try evaluateDependent(ref)
        case .foregroundDependents(let ref):
            guard let owner = table(ref.storage).get(namespace: ref.namespace, name: ref.name) else { return }
            for dependent in sortedDependents(of: owner.object.objectUID) { try evaluateDependent(dependent) }
            try foregroundCheck(ref)
        case .foregroundCheck(let ref):
            try foregroundCheck(ref)
        case .orphanDependents(let ref):
            try orphanDependents(ref)
        case .purgeNamespace(let namespace):
            try purgeNamespace(namespace)
        case .namespaceCheck(let namespace):
            try finishNamespace(namespace)
        case .purgeCRD(let name):
            try purgeCRD(name)
        case .crdCheck(let name):
            try finishCRD(name)
        }
    }

    private func sortedDependents(of uid: String) -> [ObjectRef] {
        (dependents[uid] ?? []).sorted { ($0.storage, $0.namespace, $0.name) < ($1.storage, $1.namespace, $1.name) }
    }

    /// Where an owner reference points, or nil when its kind is not served.
    func ownerLocation(_ owner: OwnerReference, dependentNamespace: String) -> ObjectRef? {
        let group = KubernetesKinds.split(apiVersion: owner.apiVersion).group
        guard let target = registry.storage(group: group, kind: owner.kind) else { return nil }
        return ObjectRef(storage: target.storage, namespace: target.namespaced ? dependentNamespace : "", name: owner.name)
    }

    private enum OwnerState { case solid, dangling, waitingForDependents }

    private func ownerState(_ owner: OwnerReference, dependentNamespace: String) -> OwnerState {
        // An owner whose kind is not served cannot be checked; the real collector leaves such dependents alone.
        guard let location = ownerLocation(owner, dependentNamespace: dependentNamespace) else { return .solid }
        guard let stored = table(location.storage).get(namespace: location.namespace, name: location.name),
              stored.object.objectUID == owner.uid else { return .dangling }
        if stored.object.isBeingDeleted && stored.object.finalizers.contains("foregroundDeletion") {
            return .waitingForDependents
        }
        return .solid
    }

    /// Deletes an object whose owners are all gone (or waiting for their dependents); removes references
    /// to missing owners when another owner still exists.
    func evaluateDependent(_ ref: ObjectRef) throws(SandboxError) {
        guard let stored = table(ref.storage).get(namespace: ref.namespace, name: ref.name) else { return }
        let owners = stored.object.ownerReferences
        guard !owners.isEmpty else { return }
        var solid = 0
        var stale = Set<String>()
        var waiting = false
        for owner in owners {
            switch ownerState(owner, dependentNamespace: ref.namespace) {
            case .solid: solid += 1
            case .dangling: stale.insert(owner.uid)
            case .waitingForDependents: stale.insert(owner.uid); waiting = true
            }
        }
        guard !stale.isEmpty else { return }
        if solid == 0 {
            guard !stored.object.isBeingDeleted else { return }
            let hasDependents = !(dependents[stored.object.objectUID]?.isEmpty ?? true)
            _ = try performDelete(ref, stored, policy: waiting && hasDependents ? .foreground : .background)
        } else {
            try systemUpdate(ref, stored) { object in
                object.updateMetadata { metadata in
                    let kept = (metadata["ownerReferences"]?.arrayValue ?? []).filter { reference in
                        !stale.contains(reference["uid"]?.stringValue ?? "")
                    }
                    metadata["ownerReferences"] = kept.isEmpty ? nil : .array(kept)
                }
            }
        }
    }

    /// Finishes a foreground deletion once no dependent with `blockOwnerDeletion` is left.
    private func foregroundCheck(_ ref: ObjectRef) throws(SandboxError) {
        guard let stored = table(ref.storage).get(namespace: ref.namespace, name: ref.name),
              stored.object.isBeingDeleted, stored.object.finalizers.contains("foregroundDeletion") else { return }
        let uid = stored.object.objectUID
        for dependent in dependents[uid] ?? [] {
            guard let object = table(dependent.storage).get(namespace: dependent.namespace, name: dependent.name)?.object else { continue }
            if object.ownerReferences.contains(where: { $0.uid == uid && $0.blockOwnerDeletion }) { return }
        }
        try removeFinalizer("foregroundDeletion", ref, stored)
    }

    /// Removes the owner references to an object deleted with the Orphan policy, then its `orphan` finalizer.
    private func orphanDependents(_ ref: ObjectRef) throws(SandboxError) {
        guard let stored = table(ref.storage).get(namespace: ref.namespace, name: ref.name),
              stored.object.finalizers.contains("orphan") else { return }
        let uid = stored.object.objectUID
        for dependent in sortedDependents(of: uid) {
            guard let object = table(dependent.storage).get(namespace: dependent.namespace, name: dependent.name) else { continue }
            try systemUpdate(dependent, object) { value in
                value.updateMetadata { metadata in
                    let kept = (metadata["ownerReferences"]?.arrayValue ?? []).filter { $0["uid"]?.stringValue != uid }
                    metadata["ownerReferences"] = kept.isEmpty ? nil : .array(kept)
                }
            }
        }
        guard let current = table(ref.storage).get(namespace: ref.namespace, name: ref.name) else { return }
        try removeFinalizer("orphan", ref, current)
    }

    /// Removes one finalizer; the object goes away when it was the last one.
    func removeFinalizer(_ finalizer: String, _ ref: ObjectRef, _ stored: StoredObject) throws(SandboxError) {
        try systemUpdate(ref, stored) { object in
            object.updateMetadata { metadata in
                let kept = (metadata["finalizers"]?.arrayValue ?? []).filter { $0.stringValue != finalizer }
                metadata["finalizers"] = kept.isEmpty ? nil : .array(kept)
            }
        }
    }

    /// A write by the server itself: metadata only, no new field manager.
    func systemUpdate(_ ref: ObjectRef, _ stored: StoredObject, _ change: (inout JSONValue) -> Void) throws(SandboxError) {
        var object = stored.object
        change(&object)
        if object == stored.object { return }
        let entries = ManagedFields.prune(ManagedFields.decode(object), leaves: FieldPaths.leaves(of: object))
        object.updateMetadata { $0["managedFields"] = managedFieldsEncoder.encode(entries) }
        try store(ref, object, previous: stored)
    }

    /// The object marked for deletion (deletionTimestamp, grace period 0, generation + 1), with an extra finalizer.
    func markedForDeletion(_ object: JSONValue, finalizer: String?) -> JSONValue {
        var object = object
        let now = clock.now()
        object.updateMetadata { metadata in
            if metadata["deletionTimestamp"] == nil || metadata["deletionTimestamp"] == .null {
                metadata["deletionTimestamp"] = .string(now)
                metadata["deletionGracePeriodSeconds"] = 0
                if let generation = metadata["generation"]?.intValue, generation > 0 {
                    metadata["generation"] = .int(generation + 1)
                }
            }
            if let finalizer {
                var finalizers = metadata["finalizers"]?.arrayValue ?? []
                if !finalizers.contains(.string(finalizer)) { finalizers.append(.string(finalizer)) }
                metadata["finalizers"] = .array(finalizers)
            }
        }
        return object
    }

    /// Deletes an object with a propagation policy; returns what the API answers and whether it is gone.
    func performDelete(_ ref: ObjectRef, _ stored: StoredObject, policy: PropagationPolicy) throws(SandboxError) -> (object: JSONValue, removed: Bool) {
        switch policy {
        case .background:
            if stored.object.finalizers.isEmpty {
                return (try commitRemove(ref, previous: stored), true)
            }
            return (try commitPut(ref, markedForDeletion(stored.object, finalizer: nil), previous: stored).object, false)
        case .foreground:
            let marked = try commitPut(ref, markedForDeletion(stored.object, finalizer: "foregroundDeletion"), previous: stored)
            pendingWork.append(.foregroundDependents(ref))
            return (marked.object, false)
        case .orphan:
            let marked = try commitPut(ref, markedForDeletion(stored.object, finalizer: "orphan"), previous: stored)
            pendingWork.append(.orphanDependents(ref))
            return (marked.object, false)
        }
    }
}
