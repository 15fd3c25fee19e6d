/// Names Orkestra's components agree on: labels, annotations, finalizer, service accounts, Secrets.
public enum OrkNames {
    public static let fieldManager = "orkestra"
    public static let finalizer = "orkestra.orkspace.io/cleanup"
    public static let managedLabel = "orkestra.orkspace.io/managed"
    public static let ownerUIDLabel = "orkestra.orkspace.io/owner-uid"
    public static let ownerNameLabel = "orkestra-owner"
    public static let childHashAnnotation = "orkestra.orkspace.io/child-hash"
    /// On the pods of a workload child (and in its selector): the child's name.
    public static let childLabel = "orkestra.orkspace.io/child"
    public static let deletionProtectionLabel = "orkestra.io/deletion-protection"
    /// With strict mode, an object carrying this label may lose the protection label.
    public static let strictModeExemptLabel = "orkestra.io/strict-mode-exempt"
    public static let defaultNamespace = "orkestra-system"
    /// The audience of the token the runtime posts to the gateway's `/notify` with: a token bound to
    /// it is good for nothing else (the API server refuses it), and the gateway accepts no other.
    public static let notifyAudience = "orkestra-gateway"
    public static let runtimeServiceAccount = "orkestra-runtime"
    public static let gatewayServiceAccount = "orkestra-gateway"
    public static let controlCenterServiceAccount = "orkestra-control-center"
    public static let gatewayService = "orkestra-gateway"
    public static let gatewayTLSSecret = "orkestra-gateway-tls"
    public static let leaseName = "orkestra-runtime"
    public static let validatingWebhookConfiguration = "orkestra-admission-validation"
    public static let mutatingWebhookConfiguration = "orkestra-admission-mutation"
    public static let deletionProtectionWebhookConfiguration = "orkestra-deletion-protection"
    /// Sharding (`ork run --sharding on`): on a CR and its children, the CR's bucket (0–1023, from
    /// the hash of its group, kind, namespace and name): what members select their share by.
    public static let shardBucketLabel = "shard.orkestra.orkspace.io/bucket"
    /// On a shard Lease: the ring (the Katalog's name) its member belongs to.
    public static let shardRingLabel = "shard.orkestra.orkspace.io/ring"
    /// On a child: `member@epoch` of the replica that applied it, the epoch its bucket's (the audit
    /// trail of moves).
    public static let shardWriterAnnotation = "shard.orkestra.orkspace.io/writer"
}
