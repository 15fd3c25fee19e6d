import OrkValue

/// The `scale` subresource of Deployments, StatefulSets and ReplicaSets (`kubectl scale`): an
/// autoscaling/v1 `Scale` view of the parent's `spec.replicas`, read and written in one step of the
/// store (no window for another writer between the read and the write).
extension SandboxEngine {
    static let scalable: Set<String> = ["deployments.apps", "statefulsets.apps", "replicasets.apps"]

    static func servesScale(_ resource: SandboxResource) -> Bool { !resource.isCRDDefined && scalable.contains(resource.storageKey) }

    func getScale(_ requested: SandboxResource, namespace: String?, name: String) throws(SandboxError) -> JSONValue {
        let (resource, _, old) = try scaleParent(requested, namespace, name)
        return Self.scale(of: present(old.object, resource))
    }

    /// PUT: the body's `spec.replicas` (0 when absent: Go omits a zero `ScaleSpec.replicas`); a
    /// resourceVersion in the body must be the parent's current one.
    func updateScale(_ requested: SandboxResource, namespace: String?, name: String, body: JSONValue,
                     fieldManager: String?) throws(SandboxError) -> JSONValue {
        let (resource, ref, old) = try scaleParent(requested, namespace, name)
        if let named = body.value(atDotted: "metadata.name")?.stringValue, !named.isEmpty, named != name {
            throw SandboxError.badRequest("the name of the object (\(named)) does not match the name on the URL (\(name))")
        }
        return try writeScale(body, resource, ref, old, fieldManager: fieldManager)
    }

    /// PATCH (merge, strategic merge as merge, JSON patch) of the current Scale.
    func patchScale(_ requested: SandboxResource, namespace: String?, name: String, patch: Patch,
                    fieldManager: String?) throws(SandboxError) -> JSONValue {
        let (resource, ref, old) = try scaleParent(requested, namespace, name)
        let patched = try Self.applying(patch, to: Self.scale(of: present(old.object, resource)), resource, name: name)
        return try writeScale(patched, resource, ref, old, fieldManager: fieldManager)
    }

    private func scaleParent(_ requested: SandboxResource, _ namespace: String?, _ name: String)
        throws(SandboxError) -> (SandboxResource, ObjectRef, StoredObject)
    {
        let resource = try registry.resolve(requested)
        guard Self.servesScale(resource) else { throw SandboxError.resourceNotFound() }
        let namespace = try namespaceKey(resource, namespace)
        let ref = ObjectRef(storage: resource.storageKey, namespace: namespace, name: name)
        guard let old = table(ref.storage).get(namespace: namespace, name: name) else { throw SandboxError.notFound(resource, name: name) }
        return (resource, ref, old)
    }

    private func writeScale(_ scale: JSONValue, _ resource: SandboxResource, _ ref: ObjectRef, _ old: StoredObject,
                            fieldManager: String?) throws(SandboxError) -> JSONValue {
        let requested = scale.value(atDotted: "spec.replicas") ?? .null
        let replicas: Int
        if requested == .null {
            replicas = 0
        } else {
            guard let count = requested.intValue, count >= 0, count <= Int(Int32.max) else {
                let detail = (requested.intValue ?? 0) < 0 ? "must be greater than or equal to 0" : "must be an integer of at most 2147483647"
                throw SandboxError.invalid(qualifiedName: "Scale.autoscaling", group: "autoscaling", kind: "Scale", name: ref.name,
                                           causes: [SandboxError.invalidValue("spec.replicas", requested.serialized(), detail)])
            }
            replicas = count
        }
        var parent = present(old.object, resource)
        guard let updated = parent.setting(.int(replicas), at: ["spec", "replicas"]) else {
            throw SandboxError.invalid(resource, name: ref.name, causes: [
                SandboxError.invalidValue("spec", parent["spec"]?.serialized() ?? "null", "must be an object")])
        }
        parent = updated
        if let version = scale.value(atDotted: "metadata.resourceVersion")?.stringValue, !version.isEmpty {
            parent = parent.setting(.string(version), at: ["metadata", "resourceVersion"]) ?? parent
        }
        let candidate = try prepareUpdate(resource, ref, old, parent, subresource: nil,
                                          change: .update(manager: fieldManager ?? SandboxEngine.defaultFieldManager),
                                          requireResourceVersion: false)
        return Self.scale(of: try finishUpdate(resource, ref, candidate, old))
    }

    /// The parent's `Scale`: identity, `spec.replicas` (1 when unset; omitted when 0, as Go writes
    /// it), `status.replicas` and the selector as text (omitted when empty).
    static func scale(of parent: JSONValue) -> JSONValue {
        var metadata: [String: JSONValue] = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = parent["metadata"]?[key] { metadata[key] = value }
        }
        let replicas = parent.value(atDotted: "spec.replicas")?.intValue ?? 1
        var status: [String: JSONValue] = ["replicas": .int(parent.value(atDotted: "status.replicas")?.intValue ?? 0)]
        if let selector = LabelSelectorText.text(of: parent.value(atDotted: "spec.selector")), !selector.isEmpty {
            status["selector"] = .string(selector)
        }
        return ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": .object(metadata),
                "spec": replicas == 0 ? [:] : ["replicas": .int(replicas)], "status": .object(status)]
    }
}
