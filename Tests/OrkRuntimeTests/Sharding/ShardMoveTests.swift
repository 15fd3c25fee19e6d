import OrkRuntime
import Testing

/// The coordinator's decision per object (X12): assign the unassigned, drain a live owner before a
/// move, reassign a dead owner's objects at once, and never act on an object whose drain is pending.
@Suite struct ShardMoveTests {
    static let live: Set<String> = ["a", "b"]

    @Test func anUnassignedObjectIsAssigned() {
        #expect(ShardMove.decide(current: nil, draining: false, desired: "a", live: Self.live) == .assign(to: "a"))
        #expect(ShardMove.decide(current: "", draining: false, desired: "b", live: Self.live) == .assign(to: "b"))
    }

    @Test func anObjectWhereItBelongsIsLeftAlone() {
        #expect(ShardMove.decide(current: "a", draining: false, desired: "a", live: Self.live) == nil)
    }

    @Test func aLiveOwnerIsAskedToLetGoAndThenWaitedFor() {
        #expect(ShardMove.decide(current: "a", draining: false, desired: "b", live: Self.live) == .drain)
        #expect(ShardMove.decide(current: "a", draining: true, desired: "b", live: Self.live) == nil)
    }

    @Test func aDeadOwnersObjectIsReassignedEvenMidDrain() {
        #expect(ShardMove.decide(current: "c", draining: false, desired: "a", live: Self.live) == .reassign(to: "a"))
        #expect(ShardMove.decide(current: "c", draining: true, desired: "b", live: Self.live) == .reassign(to: "b"))
    }

    @Test func aDrainNoLongerNeededIsWithdrawn() {
        #expect(ShardMove.decide(current: "a", draining: true, desired: "a", live: Self.live) == .undrain)
    }

    @Test func withoutMembersNothingMoves() {
        #expect(ShardMove.decide(current: nil, draining: false, desired: nil, live: []) == nil)
        #expect(ShardMove.decide(current: "a", draining: false, desired: nil, live: []) == nil)
    }
}
