import OrkValue

/// Namespace lifecycle: deletion marks the namespace Terminating, deletes everything in it (finalizers
/// honoured), then removes it — what the namespace controller does in a real cluster.
extension SandboxEngine {
    static let immortalNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

    func deleteNamespace(_ resource: SandboxResource, name: String, stored: StoredObject) throws(SandboxError) -> JSONValue {
        if SandboxEngine.immortalNamespaces.contains(name) {
            throw SandboxError.forbidden(resource, name: name, "this namespace may not be deleted")
        }
        let ref = ObjectRef(storage: "namespaces", namespace: "", name: name)
        if stored.object.isBeingDeleted { return present(stored.object, resource) }
        var marked = markedForDeletion(stored.object, finalizer: nil)
        if case .object(var status) = marked["status"] ?? .object([:]) {
            status["phase"] = "Terminating"
            marked.setField("status", .object(status))
        }
        let result = try commitPut(ref, marked, previous: stored)
        pendingWork.append(.purgeNamespace(name))
        return present(result.object, resource)
    }

    /// Deletes every namespaced object in a terminating namespace (Background policy, like the controller).
    func purgeNamespace(_ namespace: String) throws(SandboxError) {
        for storage in tables.keys.sorted() {
            guard let table = tables[storage] else { continue }
            for name in table.sortedNames(namespace: namespace) {
                guard let stored = table.get(namespace: namespace, name: name), !stored.object.isBeingDeleted else { continue }
                _ = try performDelete(ObjectRef(storage: storage, namespace: namespace, name: name), stored, policy: .background)
            }
        }
        pendingWork.append(.namespaceCheck(namespace))
    }

    /// Removes a terminating namespace once it holds nothing: its `kubernetes` finalizer first, then itself.
    func finishNamespace(_ namespace: String) throws(SandboxError) {
        let ref = ObjectRef(storage: "namespaces", namespace: "", name: namespace)
        guard namespaceCounts[namespace] == nil,
              var stored = table("namespaces").get(namespace: "", name: namespace), stored.object.isBeingDeleted else { return }
        if !(stored.object["spec"]?["finalizers"]?.arrayValue ?? []).isEmpty {
            var finalized = stored.object
            if case .object(var spec) = finalized["spec"] ?? .null {
                spec["finalizers"] = .array([])
                finalized.setField("spec", .object(spec))
            }
            stored = try commitPut(ref, finalized, previous: stored)
        }
        if SandboxEngine.canBeRemoved(stored.object, storage: "namespaces") {
            try commitRemove(ref, previous: stored)
        }
    }

    /// The namespace an object is created in must exist and not be terminating.
    func checkNamespaceAcceptsCreate(_ resource: SandboxResource, namespace: String, name: String) throws(SandboxError) {
        guard let stored = table("namespaces").get(namespace: "", name: namespace) else {
            throw SandboxError.namespaceNotFound(namespace)
        }
        if stored.object.isBeingDeleted {
            throw SandboxError.forbidden(resource, name: name,
                "unable to create new content in namespace \(namespace) because it is being terminated",
                causes: [SandboxError.Cause(field: "metadata.namespace", reason: "NamespaceTerminating",
                                            message: "namespace \(namespace) is being terminated")])
        }
    }
}
