import OrkAPI

/// What a runtime replica does, read from its `/katalog`: the `leader` holds the leader Lease.
/// Without sharding it alone reconciles and the other replicas are each a `standby`; with sharding
/// every replica reconciles its share of the CRs, so the others are each a `member`, and the leader
/// also coordinates (assigns the buckets; docs/runtime.md, "Sharding"). A sharded replica is never a
/// standby.
package enum ReplicaRole: String, Sendable, Equatable {
    case leader, standby, member

    package init(_ katalog: RuntimeKatalog) {
        if katalog.leader.isLeader {
            self = .leader
        } else {
            self = katalog.shards == nil ? .standby : .member
        }
    }
}
