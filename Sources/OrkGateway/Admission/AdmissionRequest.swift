import OrkValue

/// The parts of an AdmissionReview v1 request the webhooks use.
public struct AdmissionRequest: Sendable, Hashable {
    public var reviewAPIVersion: String
    public var uid: String
    public var group: String
    public var version: String
    public var resource: String
    public var kind: String
    public var name: String
    public var namespace: String?
    /// CREATE, UPDATE, DELETE or CONNECT.
    public var operation: String
    public var object: JSONValue?
    public var oldObject: JSONValue?

    /// `[namespace/name]` or `[name]`: how messages name the object.
    public var objectLabel: String {
        let objectName = name.isEmpty ? (object?.value(atDotted: "metadata.name")?.stringValue ?? "") : name
        if let namespace, !namespace.isEmpty { return "[\(namespace)/\(objectName)]" }
        return "[\(objectName)]"
    }

    public init(uid: String, group: String, version: String, resource: String, kind: String, name: String,
                namespace: String?, operation: String, object: JSONValue?, oldObject: JSONValue?,
                reviewAPIVersion: String = "admission.k8s.io/v1") {
        self.reviewAPIVersion = reviewAPIVersion
        self.uid = uid
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.object = object
        self.oldObject = oldObject
    }

    /// Reads an AdmissionReview body; the error says what is missing.
    public init(review body: JSONValue) throws(WebhookError) {
        guard case .object = body else { throw WebhookError("the body is not a JSON object (expected an AdmissionReview)") }
        guard let request = body["request"], case .object = request else {
            throw WebhookError("AdmissionReview has no request")
        }
        guard let uid = request["uid"]?.stringValue, !uid.isEmpty else { throw WebhookError("AdmissionReview request has no uid") }
        guard let resource = request["resource"], let plural = resource["resource"]?.stringValue,
              let version = resource["version"]?.stringValue else {
            throw WebhookError("AdmissionReview request \(uid) has no resource {group, version, resource}")
        }
        guard let operation = request["operation"]?.stringValue else {
            throw WebhookError("AdmissionReview request \(uid) has no operation")
        }
        self.reviewAPIVersion = body["apiVersion"]?.stringValue ?? "admission.k8s.io/v1"
        self.uid = uid
        self.group = resource["group"]?.stringValue ?? ""
        self.version = version
        self.resource = plural
        self.kind = request["kind"]?["kind"]?.stringValue ?? ""
        self.name = request["name"]?.stringValue ?? ""
        self.namespace = request["namespace"]?.stringValue
        self.operation = operation
        self.object = request["object"].flatMap { $0.isNull ? nil : $0 }
        self.oldObject = request["oldObject"].flatMap { $0.isNull ? nil : $0 }
    }
}

/// A request the webhook cannot read: answered with HTTP 400 and this message.
public struct WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
