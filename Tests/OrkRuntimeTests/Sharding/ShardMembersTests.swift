import OrkRuntime
import OrkValue
import Testing

/// Membership from shard Leases (X12), judged on the observer's monotonic clock: a member is live
/// while its renewals keep arriving within the Lease's duration, never by the Lease's own times.
@Suite struct ShardMembersTests {
    let start = ContinuousClock.now

    func at(_ seconds: Int) -> ContinuousClock.Instant { start.advanced(by: .seconds(seconds)) }

    @Test func aRenewingMemberStaysLiveAndASilentOneExpires() {
        var members = ShardMembers()
        members.observe(lease: "l-a", holder: "a", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-b", holder: "b", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-a", holder: "a", renewTime: "t2", durationSeconds: 15, at: at(10))
        // b's record is read again unchanged: that is not a renewal.
        members.observe(lease: "l-b", holder: "b", renewTime: "t1", durationSeconds: 15, at: at(10))
        #expect(members.live(at: at(14)) == ["a", "b"])
        #expect(members.live(at: at(15)) == ["a"])
        #expect(members.live(at: at(25)) == [])
    }

    @Test func aReleasedOrDeletedLeaseIsNoMember() {
        var members = ShardMembers()
        members.observe(lease: "l-a", holder: "a", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-b", holder: "b", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-a", holder: "", renewTime: "t1", durationSeconds: 15, at: at(1))
        members.forget(lease: "l-b")
        #expect(members.live(at: at(2)) == [])
    }

    @Test func theRemoteClockIsNeverTrusted() {
        // A renewTime far in the future or the past changes nothing: only the change counts.
        var members = ShardMembers()
        members.observe(lease: "l-a", holder: "a", renewTime: "2099-01-01T00:00:00.000000Z", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-b", holder: "b", renewTime: "1999-01-01T00:00:00.000000Z", durationSeconds: 15, at: at(0))
        #expect(members.live(at: at(5)) == ["a", "b"])
        #expect(members.live(at: at(16)) == [])
    }

    @Test func longSilentLeasesAreStale() {
        var members = ShardMembers()
        members.observe(lease: "l-a", holder: "a", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-b", holder: "b", renewTime: "t1", durationSeconds: 15, at: at(0))
        members.observe(lease: "l-b", holder: "b", renewTime: "t2", durationSeconds: 15, at: at(100))
        #expect(members.stale(olderThan: .seconds(150), at: at(160)) == ["l-a"])
    }

    @Test func memberIDsAreLabelValues() {
        let id = ShardNames.memberID(podName: "orkestra-runtime-5d8f7-x2k9q", suffix: "1A2B3C4D")
        #expect(id == "orkestra-runtime-5d8f7-x2k9q-1a2b3c4d")
        let long = ShardNames.memberID(podName: String(repeating: "a", count: 300) + "--", suffix: "deadbeef")
        #expect(long.count <= 63)
        #expect(long.hasSuffix("-deadbeef"))
        #expect(ShardNames.memberID(podName: "_._", suffix: "12345678") == "ork-12345678")
        #expect(ShardNames.memberID(podName: "Host_Name.local.", suffix: "") == "hostname.local")
    }

    /// The coordinator keeps of a CR only what it labels by: identity, version and the bucket label
    /// — not the CR's other labels, annotations, owners or finalizers.
    @Test func theCoordinatorKeepsOnlyWhatItLabelsBy() {
        let metadata: JSONValue = [
            "name": "tile-1", "namespace": "ns", "uid": "u1", "resourceVersion": "42", "generation": 3,
            "labels": ["app": "x", "shard.orkestra.orkspace.io/bucket": "517"],
            "annotations": ["note": "a long one"],
            "finalizers": ["f"], "ownerReferences": [["uid": "o"]],
        ]
        let kept = ShardNames.assignmentFields(["apiVersion": "v1", "kind": "Tile", "metadata": metadata, "spec": ["a": 1]])
        #expect(kept == ["metadata": [
            "name": "tile-1", "namespace": "ns", "uid": "u1", "resourceVersion": "42",
            "labels": ["shard.orkestra.orkspace.io/bucket": "517"],
        ]])
        // Never labelled: no labels at all.
        let fresh = ShardNames.assignmentFields(["metadata": ["name": "t", "resourceVersion": "1", "labels": ["app": "x"]]])
        #expect(fresh == ["metadata": ["name": "t", "resourceVersion": "1"]])
    }

    /// The coordinator's next pass waits no longer than the first live member's lapse.
    @Test func theNextLapseIsTheFirstLiveMembersExpiry() {
        let start = ContinuousClock.now
        var members = ShardMembers()
        #expect(members.nextLapse(at: start) == nil)
        members.observe(lease: "a", holder: "a", renewTime: "t1", durationSeconds: 6, at: start)
        members.observe(lease: "b", holder: "b", renewTime: "t1", durationSeconds: 6, at: start + .seconds(2))
        members.observe(lease: "c", holder: "", renewTime: "", durationSeconds: 6, at: start)
        #expect(members.nextLapse(at: start + .seconds(1)) == .seconds(5) + .milliseconds(1))
        // a lapsed: b is next.
        #expect(members.nextLapse(at: start + .seconds(7)) == .seconds(1) + .milliseconds(1))
        #expect(members.nextLapse(at: start + .seconds(9)) == nil)
    }
}
