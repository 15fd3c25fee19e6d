import Hummingbird
import OrkValue

/// The `scale` subresource of Deployments, StatefulSets and ReplicaSets: an autoscaling/v1 `Scale`
/// read from and written to the parent's `spec.replicas` (`kubectl scale` patches it).
enum ScaleSubresource {
    static let scalable: Set<String> = ["deployments.apps", "statefulsets.apps", "replicasets.apps"]
    /// Patches race with other writers of the parent; the real server retries them as well.
    static let patchAttempts = 5

    static func serves(_ resource: SandboxResource) -> Bool { !resource.isCRDDefined && scalable.contains(resource.storageKey) }

    static func handle(method: String, resource: SandboxResource, namespace: String?, name: String, query: QueryString,
                       request: Request, store: SandboxStore) async throws -> JSONValue {
        switch method {
        case "GET":
            return scale(of: try await store.get(resource, namespace: namespace, name: name))
        case "PUT":
            let body = try await SandboxRequestHandler.body(request)
            let parent = try await store.get(resource, namespace: namespace, name: name)
            let version = body.value(atDotted: "metadata.resourceVersion")?.stringValue
            return try await write(body, over: parent, resourceVersion: version, resource: resource, namespace: namespace,
                                   name: name, fieldManager: query["fieldManager"], store: store)
        case "PATCH":
            let body = try await SandboxRequestHandler.body(request)
            let contentType = request.headers[.contentType] ?? ""
            var attempt = 1
            while true {
                let parent = try await store.get(resource, namespace: namespace, name: name)
                let patched = try patch(Self.scale(of: parent), with: body, contentType: contentType)
                do {
                    return try await write(patched, over: parent, resourceVersion: parent.value(atDotted: "metadata.resourceVersion")?.stringValue,
                                           resource: resource, namespace: namespace, name: name,
                                           fieldManager: query["fieldManager"], store: store)
                } catch let error as SandboxError where error.code == 409 && attempt < patchAttempts {
                    attempt += 1
                }
            }
        default:
            throw SandboxError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
        }
    }

    /// The parent's `Scale`: its identity, `spec.replicas` (1 when unset), `status.replicas` and selector.
    static func scale(of parent: JSONValue) -> JSONValue {
        var metadata: [String: JSONValue] = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = parent["metadata"]?[key] { metadata[key] = value }
        }
        return ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": .object(metadata),
                "spec": ["replicas": .int(parent.value(atDotted: "spec.replicas")?.intValue ?? 1)],
                "status": ["replicas": .int(parent.value(atDotted: "status.replicas")?.intValue ?? 0),
                           "selector": .string(LabelSelectorText.text(of: parent.value(atDotted: "spec.selector")) ?? "")]]
    }

    private static func patch(_ scale: JSONValue, with body: JSONValue, contentType: String) throws(SandboxError) -> JSONValue {
        if contentType.hasPrefix("application/json-patch+json") {
            guard let operations = body.arrayValue else { throw .badRequest("a JSON patch must be a list of operations") }
            do {
                return try JSONPatch.apply(operations, to: scale)
            } catch {
                throw SandboxError(code: 422, reason: "Invalid", message: "the JSON patch cannot be applied to the Scale: \(error)")
            }
        }
        guard contentType.hasPrefix("application/merge-patch+json") || contentType.hasPrefix("application/strategic-merge-patch+json") else {
            throw SandboxError(code: 415, reason: "UnsupportedMediaType",
                               message: "the sandbox patches a scale subresource with JSON, merge or strategic merge patches")
        }
        return JSONMergePatch.apply(body, to: scale)
    }

    /// Writes the Scale's `spec.replicas` into the parent (a conflict when `resourceVersion` is stale).
    private static func write(_ scale: JSONValue, over parent: JSONValue, resourceVersion: String?, resource: SandboxResource,
                              namespace: String?, name: String, fieldManager: String?, store: SandboxStore) async throws -> JSONValue {
        guard let replicas = scale.value(atDotted: "spec.replicas")?.intValue, replicas >= 0, replicas <= Int(Int32.max) else {
            throw SandboxError.invalid(qualifiedName: "Scale.autoscaling", group: "autoscaling", kind: "Scale", name: name, causes: [
                SandboxError.invalidValue("spec.replicas", scale.value(atDotted: "spec.replicas")?.serialized() ?? "null",
                                          "must be greater than or equal to 0")])
        }
        var updated = parent.setting(.int(replicas), at: ["spec", "replicas"]) ?? parent
        if let resourceVersion, !resourceVersion.isEmpty {
            updated = updated.setting(.string(resourceVersion), at: ["metadata", "resourceVersion"]) ?? updated
        }
        let written = try await store.update(resource, namespace: namespace, name: name, object: updated, subresource: nil,
                                             fieldManager: fieldManager)
        return Self.scale(of: written)
    }
}
