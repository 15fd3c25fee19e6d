/// The `shards` block of a runtime's `GET /katalog` with sharding on (docs/api.md §4): this
/// replica's member id, the ring's members as this replica sees them, and where the CRs are.
package struct ShardStatus: Codable, Sendable, Equatable {
    /// This replica's member id (as the table names it, and in the `writer` of the children it applies).
    package var member: String
    /// Whether this replica is the coordinator (the leader, which assigns the CRs).
    package var coordinator: Bool
    /// Every member id that owns CRs or holds a live shard Lease, sorted.
    package var members: [Member]
    /// CRs without an owner yet (new, or handed over and waiting for their next owner); null on a
    /// replica that is not the coordinator (only the coordinator reads every CR).
    package var unassigned: Int?
    /// CRs whose owner was asked to let them go and has not yet acknowledged; null like `unassigned`.
    package var draining: Int?
    /// Bucket moves the coordinator made since this replica started (zeros on the others).
    package var moves: Moves

    package init(member: String, coordinator: Bool, members: [Member], unassigned: Int?, draining: Int?, moves: Moves) {
        self.member = member
        self.coordinator = coordinator
        self.members = members
        self.unassigned = unassigned
        self.draining = draining
        self.moves = moves
    }

    package struct Member: Codable, Sendable, Equatable {
        package var id: String
        /// Its shard Lease is renewed (as this replica observes it).
        package var live: Bool
        /// CRs of the buckets it holds, over all CRDs; null where this replica does not know it (a member
        /// that is not the coordinator knows only its own).
        package var crs: Int?

        package init(id: String, live: Bool, crs: Int?) {
            self.id = id
            self.live = live
            self.crs = crs
        }
    }

    package struct Moves: Codable, Sendable, Equatable {
        package var assigned: Int
        package var reassigned: Int
        package var drained: Int
        package var undrained: Int

        package init(assigned: Int, reassigned: Int, drained: Int, undrained: Int) {
            self.assigned = assigned
            self.reassigned = reassigned
            self.drained = drained
            self.undrained = undrained
        }
    }
}
