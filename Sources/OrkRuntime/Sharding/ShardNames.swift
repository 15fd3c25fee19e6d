import OrkKatalog
import OrkValue

/// The labels, annotations and names sharding puts on objects and Leases (the keys are `OrkNames`
/// so that the child builder and the bundle see the same ones).
public enum ShardNames {
    public static let bucketLabel = OrkNames.shardBucketLabel
    public static let ringLabel = OrkNames.shardRingLabel
    public static let writerAnnotation = OrkNames.shardWriterAnnotation

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

    /// The ring's label value: the Katalog's name, label-safe.
    public static func ringValue(_ katalogName: String) -> String {
        memberID(podName: katalogName, suffix: "")
    }

    /// What the coordinator keeps of each CR it watches (it reads nothing else): name, namespace,
    /// uid, resourceVersion and the bucket label — not the rest of the metadata (every label,
    /// annotation, owner reference and finalizer of thousands of CRs).
    @Sendable
    public static func assignmentFields(_ object: JSONValue) -> JSONValue {
        guard let metadata = object["metadata"] else { return object }
        var kept: [String: JSONValue] = [:]
        for key in ["name", "namespace", "uid", "resourceVersion"] { kept[key] = metadata[key] }
        if let bucket = metadata["labels"]?[bucketLabel] { kept["labels"] = .object([bucketLabel: bucket]) }
        return .object(["metadata": .object(kept)])
    }

    /// The shard Lease of `member`, beside the leader Lease `base`.
    public static func leaseName(base: String, member: String) -> String {
        "\(base)-shard-\(member)"
    }

    /// The Lease that carries the ring's table (`ShardTableLease`), beside the leader Lease `base`.
    public static func tableName(base: String) -> String {
        "\(base)-shards"
    }

}
