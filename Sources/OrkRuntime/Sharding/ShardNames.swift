/// The labels, annotations and names sharding puts on objects and Leases.
public enum ShardNames {
    /// On a CR and its children: the member that reconciles it. Each replica's informers select it.
    public static let ownerLabel = "shard.orkestra.orkspace.io/owner"
    /// On a CR: the coordinator asks its owner to let it go (value `true`).
    public static let drainLabel = "shard.orkestra.orkspace.io/drain"
    /// On a shard Lease: the ring (the Katalog's name) its member belongs to.
    public static let ringLabel = "shard.orkestra.orkspace.io/ring"
    /// On a CR: how many times it was assigned, raised by the coordinator at each assignment.
    public static let epochAnnotation = "shard.orkestra.orkspace.io/epoch"
    /// On a child: `member@epoch` of the replica that last applied it (the audit trail of moves).
    public static let writerAnnotation = "shard.orkestra.orkspace.io/writer"

    /// A member id that is a valid label value (≤ 63 characters, alphanumeric at both ends): the
    /// pod name's label-safe part, then `-` and a per-process suffix (a restarted pod is a new member).
    public static func memberID(podName: String, suffix: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        let safeSuffix = String(suffix.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(8))
        var base = String(podName.lowercased().filter { allowed.contains($0) }.prefix(63 - 1 - max(1, safeSuffix.count)))
        while let last = base.last, !(last.isLetter || last.isNumber) { base.removeLast() }
        while let first = base.first, !(first.isLetter || first.isNumber) { base.removeFirst() }
        if base.isEmpty { base = "ork" }
        return safeSuffix.isEmpty ? base : "\(base)-\(safeSuffix)"
    }

    /// The shard Lease of `member`, beside the leader Lease `base`.
    public static func leaseName(base: String, member: String) -> String {
        "\(base)-shard-\(member)"
    }

    /// The value of `writerAnnotation`.
    public static func writer(member: String, epoch: Int) -> String {
        "\(member)@\(epoch)"
    }
}
