import OrkValue

/// Patching objects: merge patch, JSON patch and server-side apply.
extension SandboxEngine {
    func patch(_ requested: SandboxResource, namespace: String?, name: String, patch: Patch,
               subresource: String?, fieldManager: String?) throws(SandboxError) -> SandboxWriteResult {
        let resource = try registry.resolve(requested)
        try checkSubresource(resource, subresource)
        let namespace = try namespaceKey(resource, namespace)
        let ref = ObjectRef(storage: resource.storageKey, namespace: namespace, name: name)
        let old = table(ref.storage).get(namespace: namespace, name: name)
        let updater = ManagerChange.update(manager: fieldManager ?? SandboxEngine.defaultFieldManager)
        switch patch {
        case .merge, .json:
            guard let old else { throw SandboxError.notFound(resource, name: name) }
            let patched = try Self.applying(patch, to: present(old.object, resource), resource, name: name)
            let candidate = try prepareUpdate(resource, ref, old, patched, subresource: subresource, change: updater,
                                              requireResourceVersion: false)
            return SandboxWriteResult(object: try finishUpdate(resource, ref, candidate, old), created: false)
        case .apply(let configuration, let manager, let force):
            try ObjectLimits.check(configuration, resource, name: name)
            return try apply(resource, ref, old, configuration, manager: manager, force: force, subresource: subresource)
        }
    }

    /// A merge or JSON patch applied to `object` (the object or a view of it such as a Scale), within
    /// the object limits; 422 for a JSON patch that cannot be applied. Apply patches are not taken here.
    static func applying(_ patch: Patch, to object: JSONValue, _ resource: SandboxResource, name: String) throws(SandboxError) -> JSONValue {
        switch patch {
        case .merge(let body):
            try ObjectLimits.check(body, resource, name: name)
            guard case .object = body else {
                throw SandboxError.invalid(qualifiedName: "", group: "", kind: "", name: "", causes: [
                    SandboxError.invalidValue("patch", body.serialized(), "couldn't get version/kind; json parse error: expected a JSON object"),
                ])
            }
            return JSONMergePatch.apply(body, to: object)
        case .json(let operations):
            try ObjectLimits.check(.array(operations), resource, name: name)
            do {
                return try JSONPatch.apply(operations, to: object)
            } catch {
                throw SandboxError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request",
                                   causes: [SandboxError.Cause(field: "patch", reason: "FieldValueInvalid", message: error.description)],
                                   emptyDetails: true)
            }
        case .apply:
            throw SandboxError(code: 415, reason: "UnsupportedMediaType",
                               message: "the sandbox does not take server-side apply on this subresource; send a merge or JSON patch")
        }
    }

    private func apply(_ resource: SandboxResource, _ ref: ObjectRef, _ old: StoredObject?, _ configuration: JSONValue,
                       manager: String, force: Bool, subresource: String?) throws(SandboxError) -> SandboxWriteResult {
        guard !manager.isEmpty else {
            throw SandboxError.invalid(qualifiedName: "PatchOptions.meta.k8s.io", group: "meta.k8s.io", kind: "PatchOptions", name: "",
                                       causes: [SandboxError.requiredValue("fieldManager", "is required for apply patch")])
        }
        guard case .object(var fields) = configuration else {
            throw SandboxError.badRequest("the object provided is unrecognized (must be of type \(resource.kind)): expected a JSON object")
        }
        try checkTypeMeta(resource, fields, name: ref.name, requireBoth: true)
        var metadata = try metadataFields(fields, resource)
        if (try metadataString(metadata, "name", resource) ?? "").isEmpty {
            metadata["name"] = .string(ref.name)
            fields["metadata"] = .object(metadata)
        }
        let configuration = JSONValue.object(fields)
        guard let old else {
            guard subresource == nil else { throw SandboxError.notFound(resource, name: ref.name) }
            let change = ManagerChange.apply(manager: manager, applied: FieldPaths.leaves(of: configuration), stolen: [],
                                             configuration: configuration)
            let prepared = try prepareCreate(resource, namespace: ref.namespace, object: configuration, change: change, urlName: ref.name)
            let stored = try commitCreate(resource, namespace: ref.namespace, prepared)
            runPendingWork()
            return SandboxWriteResult(object: present(stored.object, resource), created: true)
        }
        let outcome = try ServerSideApply.apply(configuration, to: present(old.object, resource), manager: manager, force: force,
                                                entries: ManagedFields.decode(old.object))
        let change = ManagerChange.apply(manager: manager, applied: outcome.applied, stolen: outcome.stolen, configuration: configuration)
        let candidate = try prepareUpdate(resource, ref, old, outcome.object, subresource: subresource, change: change,
                                          requireResourceVersion: false)
        return SandboxWriteResult(object: try finishUpdate(resource, ref, candidate, old), created: false)
    }
}
