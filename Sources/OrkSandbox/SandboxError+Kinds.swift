/// The errors the store raises, with the real API server's messages.
extension SandboxError {
    /// 404 for a missing object: `configmaps "x" not found`.
    static func notFound(_ r: SandboxResource, name: String) -> SandboxError {
        SandboxError(code: 404, reason: "NotFound", message: "\(r.groupResource) \"\(name)\" not found",
                     name: name, group: r.group, kind: r.plural)
    }

    /// 404 for a missing namespace on create.
    static func namespaceNotFound(_ namespace: String) -> SandboxError {
        SandboxError(code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
                     name: namespace, kind: "namespaces")
    }

    /// 404 for a resource, version or subresource that is not served.
    static func resourceNotFound() -> SandboxError {
        SandboxError(code: 404, reason: "NotFound", message: "the server could not find the requested resource",
                     emptyDetails: true)
    }

    /// 409 for a create of an existing name.
    static func alreadyExists(_ r: SandboxResource, name: String) -> SandboxError {
        SandboxError(code: 409, reason: "AlreadyExists", message: "\(r.groupResource) \"\(name)\" already exists",
                     name: name, group: r.group, kind: r.plural)
    }

    /// 409 for a stale resourceVersion.
    static func staleResourceVersion(_ r: SandboxResource, name: String) -> SandboxError {
        conflict(r, name: name, "the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 409 `Operation cannot be fulfilled on <resource> "<name>": <reason>`.
    static func conflict(_ r: SandboxResource, name: String, _ detail: String) -> SandboxError {
        SandboxError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(r.groupResource) \"\(name)\": \(detail)",
                     name: name, group: r.group, kind: r.plural)
    }

    /// 409 for a failed delete precondition (the real server names the kind here, not the resource).
    static func preconditionFailed(_ r: SandboxResource, name: String, _ detail: String) -> SandboxError {
        SandboxError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(r.groupKind) \"\(name)\": \(detail)",
                     name: name, group: r.group, kind: r.kind)
    }

    /// 422 with field causes: `ConfigMap "x" is invalid: metadata.name: Invalid value: ...`.
    /// Built-ins are named by kind, custom resources by resource, as the real server does.
    static func invalid(_ r: SandboxResource, name: String, causes: [Cause]) -> SandboxError {
        let qualified = r.isCRDDefined ? r.groupResource : r.groupKind
        return invalid(qualifiedName: qualified, group: r.group, kind: r.isCRDDefined ? r.plural : r.kind, name: name, causes: causes)
    }

    static func invalid(qualifiedName: String, group: String, kind: String, name: String, causes: [Cause]) -> SandboxError {
        let parts = causes.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }
        let summary = parts.count == 1 ? parts[0] : "[" + parts.joined(separator: ", ") + "]"
        return SandboxError(code: 422, reason: "Invalid", message: "\(qualifiedName) \"\(name)\" is invalid: \(summary)",
                            causes: causes, name: name, group: group, kind: kind)
    }

    /// 400 BadRequest.
    static func badRequest(_ message: String) -> SandboxError {
        SandboxError(code: 400, reason: "BadRequest", message: message)
    }

    /// 400 for a body the real server could not decode as the resource's kind.
    static func undecodable(_ r: SandboxResource, _ detail: String) -> SandboxError {
        badRequest("\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): \(detail)")
    }

    /// 403 Forbidden for an object.
    static func forbidden(_ r: SandboxResource, name: String, _ detail: String, causes: [Cause] = []) -> SandboxError {
        SandboxError(code: 403, reason: "Forbidden", message: "\(r.groupResource) \"\(name)\" is forbidden: \(detail)",
                     causes: causes, name: name, group: r.group, kind: r.plural)
    }

    /// 405 MethodNotAllowed.
    static func methodNotAllowed(_ message: String) -> SandboxError {
        SandboxError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    /// 410 Expired, as for a watch from a resourceVersion older than the history.
    static func expired(_ message: String) -> SandboxError {
        SandboxError(code: 410, reason: "Expired", message: message)
    }

    /// 504 for a list at a resourceVersion the store has not reached.
    static func tooLargeResourceVersion(_ requested: Int64, current: Int64) -> SandboxError {
        SandboxError(code: 504, reason: "Timeout",
                     message: "Timeout: Too large resource version: \(requested), current: \(current)",
                     causes: [Cause(field: "", reason: "ResourceVersionTooLarge", message: "Too large resource version")])
    }

    /// The real server answers an unparsable `resourceVersion` parameter with a reasonless 500.
    static func unparsableResourceVersion(_ text: String) -> SandboxError {
        SandboxError(code: 500, reason: "",
                     message: "resourceVersion: Invalid value: \"\(text)\": strconv.ParseUint: parsing \"\(text)\": invalid syntax")
    }

    /// 500 InternalError (persistence failures).
    static func internalError(_ message: String) -> SandboxError {
        SandboxError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    /// 409 for a server-side apply conflict, with the real message format.
    static func applyConflict(_ conflicts: [(manager: String, path: String)]) -> SandboxError {
        let causes = conflicts.map { Cause(field: $0.path, reason: "FieldManagerConflict", message: "conflict with \($0.manager)") }
        let message: String
        if conflicts.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \(conflicts[0].manager): \(conflicts[0].path)"
        } else {
            var byManager: [String: [String]] = [:]
            for conflict in conflicts { byManager[conflict.manager, default: []].append(conflict.path) }
            var lines: [String] = []
            for manager in byManager.keys.sorted() {
                lines.append("conflicts with \(manager)")
                lines += (byManager[manager] ?? []).map { "- \($0)" }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
        return SandboxError(code: 409, reason: "Conflict", message: message, causes: causes)
    }

    /// A field-level cause: `Invalid value: "<value>": <detail>`.
    static func invalidValue(_ field: String, _ value: String, _ detail: String) -> Cause {
        Cause(field: field, reason: "FieldValueInvalid", message: "Invalid value: \"\(value)\": \(detail)")
    }

    static func requiredValue(_ field: String, _ detail: String) -> Cause {
        Cause(field: field, reason: "FieldValueRequired", message: "Required value: \(detail)")
    }

    static func forbiddenValue(_ field: String, _ detail: String) -> Cause {
        Cause(field: field, reason: "FieldValueForbidden", message: "Forbidden: \(detail)")
    }

    static func unsupportedValue(_ field: String, _ value: String, supported: [String]) -> Cause {
        let list = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        return Cause(field: field, reason: "FieldValueNotSupported", message: "Unsupported value: \"\(value)\": supported values: \(list)")
    }
}
