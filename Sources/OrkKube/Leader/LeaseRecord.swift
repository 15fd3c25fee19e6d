import OrkValue

/// The leader-election fields of a `coordination.k8s.io/v1` Lease: its spec plus the
/// `orkestra.orkspace.io/leader-endpoint` annotation. Times are kept as the server's strings: they
/// are only written (for humans and other tools) and compared for change, never trusted as clocks.
struct LeaseRecord: Sendable, Hashable {
    static let endpointAnnotation = "orkestra.orkspace.io/leader-endpoint"

    var holderIdentity: String
    var leaseDurationSeconds: Int
    var acquireTime: String
    var renewTime: String
    var leaseTransitions: Int
    var endpoint: String

    init(holderIdentity: String, leaseDurationSeconds: Int, acquireTime: String, renewTime: String,
         leaseTransitions: Int, endpoint: String) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
        self.endpoint = endpoint
    }

    /// The record of a Lease object (missing fields read as empty/zero).
    init(lease: JSONValue) {
        let spec = lease["spec"]
        holderIdentity = spec?["holderIdentity"]?.stringValue ?? ""
        leaseDurationSeconds = spec?["leaseDurationSeconds"]?.intValue ?? 0
        acquireTime = spec?["acquireTime"]?.stringValue ?? ""
        renewTime = spec?["renewTime"]?.stringValue ?? ""
        leaseTransitions = spec?["leaseTransitions"]?.intValue ?? 0
        endpoint = lease["metadata"]?["annotations"]?[Self.endpointAnnotation]?.stringValue ?? ""
    }

    /// Whether nobody holds the lease (never acquired, or released).
    var isFree: Bool { holderIdentity.isEmpty }

    /// `lease` (or a new Lease named `name` in `namespace`) carrying this record and `labels`.
    func applied(to lease: JSONValue?, name: String, namespace: String, labels: [String: String] = [:]) -> JSONValue {
        var object = lease?.objectValue ?? [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
        ]
        var spec = object["spec"]?.objectValue ?? [:]
        spec["holderIdentity"] = .string(holderIdentity)
        spec["leaseDurationSeconds"] = .int(leaseDurationSeconds)
        spec["acquireTime"] = acquireTime.isEmpty ? nil : .string(acquireTime)
        spec["renewTime"] = renewTime.isEmpty ? nil : .string(renewTime)
        spec["leaseTransitions"] = .int(leaseTransitions)
        object["spec"] = .object(spec)
        var metadata = object["metadata"]?.objectValue ?? [:]
        metadata.removeValue(forKey: "managedFields")
        var annotations = metadata["annotations"]?.objectValue ?? [:]
        annotations[Self.endpointAnnotation] = endpoint.isEmpty ? nil : .string(endpoint)
        metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        if !labels.isEmpty {
            var merged = metadata["labels"]?.objectValue ?? [:]
            for (key, value) in labels { merged[key] = .string(value) }
            metadata["labels"] = .object(merged)
        }
        object["metadata"] = .object(metadata)
        return .object(object)
    }
}
