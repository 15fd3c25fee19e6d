@testable import OrkRuntime
import Testing

/// The consistent-hash ring (X12): stable, balanced within the acceptance's ±15 %, and moving only
/// the objects a membership change must move.
@Suite struct ShardRingTests {
    static let members = ["orkestra-runtime-5d8f7-x2k9q-1a2b3c4d", "orkestra-runtime-5d8f7-p7m4z-9f8e7d6c",
                          "orkestra-runtime-5d8f7-w3n6r-0b1c2d3e"]

    static func keys(_ count: Int) -> [ShardKey] {
        (0..<count).map { ShardKey(group: "demo.orkestra.io", kind: "App", namespace: "team-\($0 % 7)", name: "app-\($0)") }
    }

    static func owners(_ ring: ShardRing, _ keys: [ShardKey]) -> [ShardKey: String] {
        var owners: [ShardKey: String] = [:]
        for key in keys { owners[key] = ring.owner(of: key) }
        return owners
    }

    @Test func theHashIsStableAcrossProcessesAndVersions() {
        // Every replica must compute the same owner: these values are pinned on purpose.
        // (FNV-1a 64 then MurmurHash3's fmix64, computed independently.)
        #expect(ShardHash.of("") == 0xefd0_1f60_ba99_2926)
        #expect(ShardHash.of("demo.orkestra.io/App/default/a") == 0xb72a_917d_311e_4aba)
        #expect(ShardHash.of("app-1") != ShardHash.of("app-2"))
    }

    @Test func anEmptyRingOwnsNothing() {
        #expect(ShardRing(members: []).owner(of: ShardKey(group: "g", kind: "K", namespace: nil, name: "n")) == nil)
    }

    @Test func theOrderOfMembersDoesNotMatter() {
        let keys = Self.keys(500)
        let one = ShardRing(members: Self.members)
        let other = ShardRing(members: Self.members.reversed() + [Self.members[0]])
        #expect(one == other)
        #expect(Self.owners(one, keys) == Self.owners(other, keys))
    }

    @Test func threeMembersShareThreeThousandObjectsWithinFifteenPercent() {
        let ring = ShardRing(members: Self.members)
        var counts: [String: Int] = [:]
        for key in Self.keys(3_000) { counts[ring.owner(of: key) ?? "", default: 0] += 1 }
        #expect(Set(counts.keys) == Set(Self.members))
        for (member, count) in counts {
            #expect((850...1_150).contains(count), "\(member) owns \(count) of 3,000")
        }
    }

    @Test func balanceHoldsForManyMemberNames() {
        // Not a lucky set of names: 20 rings of 3 to 5 members, each member within ±15 % of its share.
        for round in 0..<20 {
            let members = (0..<(3 + round % 3)).map { "runtime-\(round)-\($0)-\(String(ShardHash.of("\(round)/\($0)"), radix: 16).prefix(8))" }
            let ring = ShardRing(members: members)
            var counts: [String: Int] = [:]
            let keys = Self.keys(6_000)
            for key in keys { counts[ring.owner(of: key) ?? "", default: 0] += 1 }
            let share = Double(keys.count) / Double(members.count)
            for member in members {
                let count = Double(counts[member] ?? 0)
                #expect(abs(count - share) <= share * 0.15, "round \(round): \(member) owns \(count), share \(share)")
            }
        }
    }

    @Test func removingAMemberMovesOnlyItsObjects() {
        let keys = Self.keys(3_000)
        let before = Self.owners(ShardRing(members: Self.members), keys)
        let gone = Self.members[1]
        let after = Self.owners(ShardRing(members: Self.members.filter { $0 != gone }), keys)
        for key in keys {
            if before[key] != gone { #expect(after[key] == before[key]) } else { #expect(after[key] != gone) }
        }
    }

    @Test func addingAMemberMovesAboutAQuarterAndOnlyToIt() {
        let keys = Self.keys(4_000)
        let before = Self.owners(ShardRing(members: Self.members), keys)
        let added = "orkestra-runtime-5d8f7-q8v5t-7a6b5c4d"
        let after = Self.owners(ShardRing(members: Self.members + [added]), keys)
        let moved = keys.filter { before[$0] != after[$0] }
        #expect(moved.allSatisfy { after[$0] == added })
        #expect((850...1_150).contains(moved.count), "\(moved.count) of 4,000 moved to the fourth member")
    }
}
