import OrkValue

/// What the API server sends admission webhooks for one write: the object as it would be stored.
public struct SandboxAdmissionRequest: Sendable, Hashable {
    public var group: String
    public var version: String
    /// The plural resource name (`websites`).
    public var resource: String
    public var kind: String
    /// Nil for a cluster-scoped object.
    public var namespace: String?
    public var name: String
    /// `CREATE`, `UPDATE` (writes of the main resource, not of subresources) or `DELETE` (a client's
    /// delete; the sandbox's own garbage collection and namespace cleanup are not admitted).
    public var operation: String
    /// The object as it would be stored; for `DELETE`, the object being deleted (also in `oldObject`).
    public var object: JSONValue
    public var oldObject: JSONValue?

    public init(group: String, version: String, resource: String, kind: String, namespace: String?, name: String,
                operation: String, object: JSONValue, oldObject: JSONValue?) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.operation = operation
        self.object = object
        self.oldObject = oldObject
    }
}

/// The answer of the webhooks to one write.
public enum SandboxAdmissionDecision: Sendable, Hashable {
    /// Stored as `object` (mutated, or as it came).
    case allowed(object: JSONValue)
    /// Refused with this status code and message, as the API server words a webhook's refusal
    /// (`admission webhook "<name>" denied the request: <message>`).
    case denied(code: Int, message: String, causes: [SandboxError.Cause])
}

/// Admission webhooks inside the sandbox, so that a Katalog's rules and protections apply to writes
/// as they do on a cluster where the gateway is installed. Called synchronously, inside the store, for
/// every create and update of a main resource (never for `/status` or `/scale`, as the gateway's
/// webhooks are not registered for them) and every delete a client asks for; it must be quick and
/// bounded. A decision to allow a delete is `.allowed` with the object unchanged.
public protocol SandboxAdmission: Sendable {
    func admit(_ request: SandboxAdmissionRequest) -> SandboxAdmissionDecision
}

extension SandboxEngine {
    /// `candidate` after admission: mutated, or refused with the webhooks' error.
    func admitted(_ resource: SandboxResource, operation: String, _ candidate: JSONValue, old: JSONValue?)
        throws(SandboxError) -> JSONValue
    {
        guard let admission else { return candidate }
        let namespace = candidate.objectNamespace
        let request = SandboxAdmissionRequest(
            group: resource.group, version: resource.version, resource: resource.plural, kind: resource.kind,
            namespace: namespace.isEmpty ? nil : namespace, name: candidate.objectName, operation: operation,
            object: candidate, oldObject: old)
        switch admission.admit(request) {
        case .allowed(let object):
            guard case .object(var fields) = object else { return candidate }
            // A webhook may change the object, never its identity or system metadata.
            fields["metadata"] = candidate["metadata"]
            fields["apiVersion"] = candidate["apiVersion"]
            fields["kind"] = candidate["kind"]
            if resource.hasStatusSubresource { fields["status"] = candidate["status"] }
            return .object(fields)
        case .denied(let code, let message, let causes):
            throw SandboxError(code: code, reason: "", message: message, causes: causes)
        }
    }

    /// Throws the webhooks' refusal of deleting `object`.
    func admitDelete(_ resource: SandboxResource, _ object: JSONValue) throws(SandboxError) {
        guard let admission else { return }
        let namespace = object.objectNamespace
        let request = SandboxAdmissionRequest(
            group: resource.group, version: resource.version, resource: resource.plural, kind: resource.kind,
            namespace: namespace.isEmpty ? nil : namespace, name: object.objectName, operation: "DELETE",
            object: object, oldObject: object)
        if case .denied(let code, let message, let causes) = admission.admit(request) {
            throw SandboxError(code: code, reason: code == 403 ? "Forbidden" : "", message: message, causes: causes)
        }
    }
}
