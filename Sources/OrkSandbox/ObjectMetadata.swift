import OrkValue

/// Read access to the metadata of a stored Kubernetes object.
extension JSONValue {
    var metadataFields: [String: JSONValue] { self["metadata"]?.objectValue ?? [:] }

    func metadataString(_ key: String) -> String? { self["metadata"]?[key]?.stringValue }

    var objectName: String { metadataString("name") ?? "" }
    var objectNamespace: String { metadataString("namespace") ?? "" }
    var objectUID: String { metadataString("uid") ?? "" }
    var objectResourceVersion: String { metadataString("resourceVersion") ?? "" }
    var isBeingDeleted: Bool { self["metadata"]?["deletionTimestamp"].map { !$0.isNull } ?? false }

    var finalizers: [String] {
        self["metadata"]?["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    var ownerReferences: [OwnerReference] {
        guard let references = self["metadata"]?["ownerReferences"]?.arrayValue else { return [] }
        return references.compactMap(OwnerReference.init)
    }

    /// Replaces top-level `key` without copying the rest of the object (the caller's value is the only owner).
    mutating func setField(_ key: String, _ value: JSONValue?) {
        guard case .object(var fields) = self else { return }
        self = .null
        fields[key] = value
        self = .object(fields)
    }

    /// Edits `metadata` in place.
    mutating func updateMetadata(_ body: (inout [String: JSONValue]) -> Void) {
        guard case .object(var fields) = self else { return }
        self = .null
        var metadata = fields.removeValue(forKey: "metadata")?.objectValue ?? [:]
        body(&metadata)
        fields["metadata"] = .object(metadata)
        self = .object(fields)
    }

    /// A copy carrying a different `apiVersion` (objects are stored once and served at every version).
    func withAPIVersion(_ apiVersion: String) -> JSONValue {
        if self["apiVersion"]?.stringValue == apiVersion { return self }
        var copy = self
        copy.setField("apiVersion", .string(apiVersion))
        return copy
    }
}

/// One entry of `metadata.ownerReferences`.
struct OwnerReference: Hashable, Sendable {
    var apiVersion: String
    var kind: String
    var name: String
    var uid: String
    var blockOwnerDeletion: Bool

    init?(_ value: JSONValue) {
        guard let uid = value["uid"]?.stringValue else { return nil }
        self.uid = uid
        self.apiVersion = value["apiVersion"]?.stringValue ?? ""
        self.kind = value["kind"]?.stringValue ?? ""
        self.name = value["name"]?.stringValue ?? ""
        self.blockOwnerDeletion = value["blockOwnerDeletion"]?.boolValue ?? false
    }
}
