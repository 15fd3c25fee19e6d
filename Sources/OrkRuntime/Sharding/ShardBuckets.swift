import OrkKatalog
import OrkKube

/// Sharding's unit of assignment: a CR's *bucket* is the top bits of its hash (`ShardKey`), so it
/// never changes. The bucket label `shard.orkestra.orkspace.io/bucket` is written once on each CR
/// (by the coordinator) and carried onto its children; members select their CRs and children by
/// the buckets the table (`ShardTable`) gives them, so a move rewrites one table, not every object.
///
/// 1,024 buckets: a member's share of a ring quantised to 1,024 ranges stays within about 3 % of
/// its ring share, and its selector (`bucket in (…)`) stays a few kilobytes even when it holds all.
public enum ShardBuckets {
    public static let count = 1_024
    /// 64 − log2(count): a bucket is the hash's top 10 bits.
    static let shift: UInt64 = 54

    public static let label = OrkNames.shardBucketLabel

    /// The bucket of `key`, in 0..<count.
    public static func bucket(of key: ShardKey) -> Int { Int(key.hash >> shift) }

    /// The bucket of the CR `namespace/name` of `resource` (an empty namespace: cluster-scoped).
    static func bucket(of resource: APIResource, namespace: String?, name: String) -> Int {
        bucket(of: ShardKey(group: resource.group, kind: resource.kind,
                            namespace: namespace?.isEmpty == false ? namespace : nil, name: name))
    }

    /// The point of the ring that decides a bucket's member: the middle of its range of hashes.
    static func ringHash(of bucket: Int) -> UInt64 {
        (UInt64(truncatingIfNeeded: bucket) << shift) | (1 << (shift - 1))
    }

    /// The bucket a label value names; nil when it is not one.
    public static func bucket(label value: String?) -> Int? {
        guard let value, value.utf8.count <= 4, let bucket = Int(value), (0..<count).contains(bucket) else { return nil }
        return bucket
    }

    /// A label selector clause for `buckets`; one that matches nothing when the set is empty (no
    /// bucket label is ever `none`).
    public static func selector(_ buckets: Set<Int>) -> String {
        guard !buckets.isEmpty else { return "\(label) in (none)" }
        return "\(label) in (\(buckets.sorted().map(String.init).joined(separator: ",")))"
    }

    /// `katalog` (the Katalog's own selector, if any) narrowed to `buckets`.
    static func selector(_ katalog: String?, buckets: Set<Int>) -> String {
        let clause = selector(buckets)
        return katalog.map { "\($0),\(clause)" } ?? clause
    }
}
