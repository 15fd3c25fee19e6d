import OrkCore
import Testing
@testable import OrkKube

/// Leader election against an in-memory Lease server, and its configuration.
@Suite struct LeaseElectorTests {
    static func config(_ identity: String, lease: Duration = .milliseconds(600), renew: Duration = .milliseconds(400),
                       retry: Duration = .milliseconds(100)) -> LeaseElectorConfig {
        LeaseElectorConfig(name: "ork-leader", namespace: "ork", identity: identity, endpoint: "http://\(identity):8080",
                           leaseDuration: lease, renewDeadline: renew, retryPeriod: retry)
    }

    /// Polls until `condition` holds (at most `timeout`).
    static func eventually(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func durationsComeFromTheEnvironment() throws {
        let defaults = try LeaseElectorConfig.fromEnvironment(name: "l", namespace: "n", identity: "me", environment: [:])
        #expect(defaults.leaseDuration == .seconds(15) && defaults.renewDeadline == .seconds(10) && defaults.retryPeriod == .seconds(5))
        let set = try LeaseElectorConfig.fromEnvironment(
            name: "l", namespace: "n", identity: "me",
            environment: ["LEASE_DURATION": "30", "RENEW_DEADLINE": "20s", "RETRY_PERIOD": "2500ms"])
        #expect(set.leaseDuration == .seconds(30) && set.renewDeadline == .seconds(20) && set.retryPeriod == .milliseconds(2500))
        #expect(LeaseElectorConfig.parseDuration("1m30s") == .seconds(90))
        #expect(LeaseElectorConfig.parseDuration(" 1.5 ") == .milliseconds(1500))
        for bad in ["", "abc", "5x", "-1", "1.2.3s", "s", "nan", "inf", "1e300", "99999h"] {
            #expect(LeaseElectorConfig.parseDuration(bad) == nil, "\(bad)")
        }
        #expect(throws: LeaseElectorError.self) {
            try LeaseElectorConfig.fromEnvironment(name: "l", namespace: "n", identity: "me", environment: ["RETRY_PERIOD": "soon"])
        }
        #expect(throws: LeaseElectorError.self) {  // renew deadline must be shorter than the lease
            try LeaseElectorConfig.fromEnvironment(name: "l", namespace: "n", identity: "me", environment: ["RENEW_DEADLINE": "15"])
        }
        #expect(throws: LeaseElectorError.self) { try Self.config("").validate() }
    }

    @Test func microTimeIsRFC3339WithMicroseconds() {
        #expect(MicroTime.format(seconds: 0, microseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(MicroTime.format(seconds: 1_700_000_000, microseconds: 123_456) == "2023-11-14T22:13:20.123456Z")
        #expect(MicroTime.now().count == 27)
        #expect(LeaseElector.wholeSeconds(.milliseconds(2500)) == 3)
        #expect(LeaseElector.wholeSeconds(.zero) == 1)
        #expect(LeaseElector.wholeSeconds(.seconds(Int64.max)) == 86_400)
    }

    @Test func leaseRecordsRoundTripThroughALease() {
        let record = LeaseRecord(holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: "t1", renewTime: "t2",
                                 leaseTransitions: 3, endpoint: "http://a:8080")
        let lease = record.applied(to: nil, name: "l", namespace: "n")
        #expect(lease.value(atDotted: "metadata.name") == "l")
        #expect(lease["metadata"]?["annotations"]?["orkestra.orkspace.io/leader-endpoint"] == "http://a:8080")
        #expect(LeaseRecord(lease: lease) == record)
        var released = record
        released.holderIdentity = ""
        released.endpoint = ""
        let cleared = released.applied(to: lease, name: "l", namespace: "n")
        #expect(cleared["metadata"]?["annotations"] == nil)
        #expect(LeaseRecord(lease: cleared).isFree)
        #expect(LeaseRecord(lease: ["spec": ["holderIdentity": 5]]) == LeaseRecord(
            holderIdentity: "", leaseDurationSeconds: 0, acquireTime: "", renewTime: "", leaseTransitions: 0, endpoint: ""))
    }

    @Test func oneLeadsTheOtherFollowsAndReleaseHandsOver() async throws {
        let server = FakeLeaseServer()
        let (clientA, _) = try server.client()
        let (clientB, _) = try server.client()
        let a = try LeaseElector(client: clientA, config: Self.config("a"))
        let b = try LeaseElector(client: clientB, config: Self.config("b"))
        let eventsA = a.events()
        a.start()
        #expect(try await Self.eventually { a.isLeader })
        b.start()
        #expect(try await Self.eventually { b.leaderState.leaderIdentity == "a" })
        #expect(b.leaderState == LeaderState(isLeader: false, leaderIdentity: "a", leaderEndpoint: "http://a:8080"))
        try await Task.sleep(for: .seconds(1))  // well past the lease duration: a keeps renewing
        #expect(a.isLeader && !b.isLeader)
        #expect(server.lease?.value(atDotted: "spec.leaseTransitions") == 0)
        let clock = ContinuousClock()
        let released = clock.now
        await a.stop()
        #expect(try await Self.eventually { b.isLeader })
        #expect(clock.now - released < .milliseconds(600))
        #expect(server.lease?.value(atDotted: "spec.holderIdentity") == "b")
        #expect(server.lease?.value(atDotted: "spec.leaseTransitions") == 1)
        var seen: [LeadershipEvent] = []
        for await event in eventsA { seen.append(event) }
        #expect(seen.first == .newLeader(identity: "a", endpoint: "http://a:8080"))
        #expect(seen.contains(.startedLeading) && seen.last == .stoppedLeading)
        await b.stop()
        #expect(LeaseRecord(lease: server.lease ?? .null).isFree)
    }

    @Test func aPartitionedLeaderStepsDownBeforeTheLeaseExpiresAndTheOtherTakesOver() async throws {
        let server = FakeLeaseServer()
        let (clientA, linkA) = try server.client()
        let (clientB, _) = try server.client()
        let a = try LeaseElector(client: clientA, config: Self.config("a"))
        let b = try LeaseElector(client: clientB, config: Self.config("b"))
        a.start()
        #expect(try await Self.eventually { a.isLeader })
        b.start()
        #expect(try await Self.eventually { b.leaderState.leaderIdentity == "a" })
        let clock = ContinuousClock()
        let cut = clock.now
        linkA.partition(true)
        #expect(try await Self.eventually { !a.isLeader })
        let steppedDown = clock.now - cut
        #expect(try await Self.eventually { b.isLeader })
        let takeover = clock.now - cut
        // a gives up at its renew deadline (0.4 s after its last renewal), before b may take over: b
        // waits out the lease duration (0.6 s) from when it last saw the Lease change (≤ 0.12 s before the cut).
        #expect(steppedDown < .seconds(2))
        #expect(takeover >= .milliseconds(450) && takeover > steppedDown)
        linkA.partition(false)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!a.isLeader && b.isLeader)
        #expect(a.leaderState.leaderIdentity == "b")
        await a.stop()
        await b.stop()
    }

    @Test func expiryIsJudgedOnTheLocalClockNotTheLeasesTimestamps() async throws {
        let server = FakeLeaseServer()
        // A holder whose wall clock is far behind (or that died long ago): the timestamps say
        // "expired in 2000", but we only believe what we observe.
        server.put(LeaseRecord(holderIdentity: "ghost", leaseDurationSeconds: 1, acquireTime: "2000-01-01T00:00:00.000000Z",
                               renewTime: "2000-01-01T00:00:00.000000Z", leaseTransitions: 4, endpoint: "")
                    .applied(to: nil, name: "ork-leader", namespace: "ork"))
        let (client, _) = try server.client()
        let elector = try LeaseElector(client: client, config: Self.config("me", lease: .seconds(2), renew: .seconds(1)))
        let clock = ContinuousClock()
        let started = clock.now
        elector.start()
        #expect(try await Self.eventually { elector.leaderState.leaderIdentity == "ghost" })
        #expect(try await Self.eventually(.seconds(5)) { elector.isLeader })
        // The record says 1 s; it was first observed at start, so the takeover comes after ≥ 1 s.
        #expect(clock.now - started >= .seconds(1))
        #expect(server.lease?.value(atDotted: "spec.leaseTransitions") == 5)
        await elector.stop(release: false)
        #expect(server.lease?.value(atDotted: "spec.holderIdentity") == "me")  // not released: held until it expires
    }
}
