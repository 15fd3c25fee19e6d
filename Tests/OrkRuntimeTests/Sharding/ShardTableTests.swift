@testable import OrkRuntime
import Testing

/// The bucket table (X12): buckets fixed per object, the table planned over the ring (assign the
/// unheld, drain a live owner before a move, reassign a lapsed owner's at once, epochs that only
/// grow), the member's release, and the annotation text read defensively.
@Suite struct ShardTableTests {
    static let members = ["orkestra-runtime-5d8f7-x2k9q-1a2b3c4d", "orkestra-runtime-5d8f7-p7m4z-9f8e7d6c",
                          "orkestra-runtime-5d8f7-w3n6r-0b1c2d3e"]

    static func keys(_ count: Int, round: Int = 0) -> [ShardKey] {
        (0..<count).map { ShardKey(group: "demo.orkestra.io", kind: "App", namespace: "team-\($0 % 7)", name: "app-\(round)-\($0)") }
    }

    static func planned(_ members: [String], from table: ShardTable = ShardTable(), live: Set<String>? = nil) -> ShardTable {
        table.planned(ring: ShardRing(members: members), live: live ?? Set(members)).table
    }

    @Test func aBucketIsTheHashsTopBitsAndItsLabelIsReadStrictly() {
        let key = ShardKey(group: "demo.orkestra.io", kind: "App", namespace: "default", name: "a")
        #expect(ShardBuckets.bucket(of: key) == Int(ShardHash.of("demo.orkestra.io/App/default/a") >> 54))
        #expect(Self.keys(5_000).allSatisfy { (0..<ShardBuckets.count).contains(ShardBuckets.bucket(of: $0)) })
        #expect(ShardBuckets.bucket(label: "17") == 17)
        for bad in [nil, "", "-1", "1024", "00017", "x", " 1", "99999999999999999999"] {
            #expect(ShardBuckets.bucket(label: bad) == nil, "\(bad ?? "nil")")
        }
        #expect(ShardBuckets.selector([3, 1, 2]) == "shard.orkestra.orkspace.io/bucket in (1,2,3)")
        #expect(ShardBuckets.selector([]) == "shard.orkestra.orkspace.io/bucket in (none)")
        #expect(ShardBuckets.selector("tier=gold", buckets: [5]) == "tier=gold,shard.orkestra.orkspace.io/bucket in (5)")
    }

    @Test func aFirstPlanAssignsEveryBucketAtEpochOne() {
        let (table, moves) = ShardTable().planned(ring: ShardRing(members: Self.members), live: Set(Self.members))
        #expect(moves.count == ShardBuckets.count && moves.values.allSatisfy { if case .assign = $0 { true } else { false } })
        #expect(table.generation == 1)
        #expect(table.entries.allSatisfy { $0?.epoch == 1 && $0?.phase == .owned })
        #expect(Set(table.entries.compactMap { $0?.member }) == Set(Self.members))
        // Planned again over the same members: nothing moves.
        #expect(table.planned(ring: ShardRing(members: Self.members), live: Set(Self.members)).moves.isEmpty)
        // No members: nothing is assigned.
        #expect(ShardTable().planned(ring: ShardRing(members: []), live: []).moves.isEmpty)
    }

    @Test func sharesOfObjectsThroughBucketsStayWithinFifteenPercent() {
        // Not a lucky set of names: 20 rings of 3 to 5 members over 3,000 objects each.
        for round in 0..<20 {
            let members = (0..<(3 + round % 3)).map { "runtime-\(round)-\($0)-\(String(ShardHash.of("\(round)/\($0)"), radix: 16).prefix(8))" }
            let table = Self.planned(members)
            let buckets = members.map { table.buckets(of: $0).count }
            let bound = (ShardBuckets.count + members.count - 1) / members.count
            #expect(buckets.reduce(0, +) == ShardBuckets.count && (buckets.max() ?? 0) <= bound,
                    "round \(round): buckets per member \(buckets), at most \(bound) each")
            var counts: [String: Int] = [:]
            let keys = Self.keys(3_000, round: round)
            for key in keys { counts[table.entry(ShardBuckets.bucket(of: key))?.member ?? "", default: 0] += 1 }
            let share = Double(keys.count) / Double(members.count)
            for member in members {
                let count = Double(counts[member] ?? 0)
                #expect(abs(count - share) <= share * 0.15, "round \(round): \(member) holds \(count), share \(share)")
            }
        }
    }

    @Test func aLapsedMembersBucketsAreReassignedAtOnceAtANewEpoch() {
        let table = Self.planned(Self.members)
        let gone = Self.members[1]
        let survivors = Self.members.filter { $0 != gone }
        let (next, moves) = table.planned(ring: ShardRing(members: survivors), live: Set(survivors))
        let theirs = table.buckets(of: gone)
        #expect(!theirs.isEmpty)
        #expect(Set(moves.keys) == theirs, "only the lapsed member's buckets move")
        #expect(moves.values.allSatisfy { if case .reassign = $0 { true } else { false } })
        #expect(next.generation == 2)
        for bucket in theirs {
            #expect(next.entry(bucket)?.epoch == 2 && next.entry(bucket)?.phase == .owned)
            #expect(survivors.contains(next.entry(bucket)?.member ?? ""))
        }
        #expect(next.buckets(of: gone, in: [.owned, .draining, .released]).isEmpty)
        let shares = survivors.map { next.buckets(of: $0).count }
        #expect(shares == [512, 512], "\(shares)")
    }

    @Test func aJoiningMemberGetsBucketsOnlyThroughTheOwnersRelease() {
        let table = Self.planned(Self.members)
        let joined = "orkestra-runtime-5d8f7-q8v5t-7a6b5c4d"
        let all = Self.members + [joined]
        // First the owners are asked to let go: nothing is assigned to the newcomer yet.
        let (asked, moves) = table.planned(ring: ShardRing(members: all), live: Set(all))
        #expect(!moves.isEmpty && moves.values.allSatisfy { $0 == ShardMove.drain })
        #expect(asked.buckets(of: joined).isEmpty && asked.generation == table.generation)
        // Planned again before any release: nothing more happens.
        #expect(asked.planned(ring: ShardRing(members: all), live: Set(all)).moves.isEmpty)
        // One owner releases its draining buckets (another's release is refused for it).
        let releasing = Self.members[0]
        var released = asked
        let theirs = asked.buckets(of: releasing, in: [.draining])
        let othersReleased = released.release(asked.buckets(of: Self.members[1], in: [.draining]), member: releasing)
        #expect(!othersReleased)
        let ownReleased = released.release(theirs, member: releasing)
        #expect(ownReleased)
        let (next, given) = released.planned(ring: ShardRing(members: all), live: Set(all))
        #expect(Set(given.keys) == theirs && given.values.allSatisfy { $0 == ShardMove.assign(to: joined) })
        #expect(theirs.allSatisfy { next.entry($0) == ShardTable.Entry(member: joined, epoch: table.generation + 1) })
        // Once all have released, the newcomer holds exactly its share: a quarter of the buckets.
        var allReleased = next
        for member in Self.members {
            _ = allReleased.release(allReleased.buckets(of: member, in: [.draining]), member: member)
        }
        let final = allReleased.planned(ring: ShardRing(members: all), live: Set(all)).table
        #expect(all.map { final.buckets(of: $0).count } == [256, 256, 256, 256])
        #expect(Self.members.allSatisfy { final.buckets(of: $0).isSubset(of: table.buckets(of: $0)) },
                "the old members only gave buckets away")
        // The others still drain, waiting for their own releases.
        #expect(next.buckets(of: Self.members[1], in: [.draining]) == asked.buckets(of: Self.members[1], in: [.draining]))
    }

    @Test func aDrainNoLongerNeededIsWithdrawn() {
        let table = Self.planned(Self.members)
        let joined = "orkestra-runtime-5d8f7-q8v5t-7a6b5c4d"
        let asked = Self.planned(Self.members + [joined], from: table)
        let (back, moves) = asked.planned(ring: ShardRing(members: Self.members), live: Set(Self.members))
        #expect(!moves.isEmpty && moves.values.allSatisfy { $0 == ShardMove.undrain })
        #expect(back == table)
    }

    @Test func theAnnotationRoundTripsAndHostileTextIsRefused() throws {
        var table = Self.planned(Self.members + ["orkestra-runtime-5d8f7-q8v5t-7a6b5c4d"], from: Self.planned(Self.members))
        _ = table.release(table.buckets(of: Self.members[2], in: [.draining]), member: Self.members[2])
        let text = table.annotationValue
        #expect(text.utf8.count < 12_000)
        #expect(ShardTable(annotationValue: text) == table)
        #expect(ShardTable(annotationValue: ShardTable().annotationValue) == ShardTable())
        let cells = Array(repeating: "", count: ShardBuckets.count).joined(separator: ",")
        for bad in ["", "garbage", "2;0;;\(cells)", "1;-1;;\(cells)", "1;0;;,", "1;0;a;0.1" + String(repeating: ",", count: 1_023),
                    "1;0;a;9.0" + String(repeating: ",", count: 1_023), "1;0;a;0.-1" + String(repeating: ",", count: 1_023),
                    "1;0;a;0.0x" + String(repeating: ",", count: 1_023), "1;0;,a;" + cells,
                    String(repeating: "1;", count: 200_000)] {
            #expect(ShardTable(annotationValue: bad) == nil, "\(bad.prefix(40))")
        }
        // An epoch above the generation cannot be (epochs only grow): refused too.
        #expect(ShardTable(annotationValue: "1;0;a;0.1" + String(repeating: ",", count: 1_023)) == nil)
        #expect(ShardTable(annotationValue: "1;1;a;0.1" + String(repeating: ",", count: 1_023))?.entry(0)
                == ShardTable.Entry(member: "a", epoch: 1))
    }

    @Test func aVanishedTableStartsAboveTheLastEpochSeen() {
        var table = ShardTable()
        table.raise(generation: 41)
        let next = table.planned(ring: ShardRing(members: Self.members), live: Set(Self.members)).table
        #expect(next.generation == 42 && next.entries.allSatisfy { $0?.epoch == 42 })
    }
}
