import Foundation
import OrkValue
import Testing
@testable import OrkKube

/// Leader election on a real Lease (scripts/kube-local), with short durations: lease 8 s, renew
/// deadline 6 s, retry period 0.5 s — long enough that a loaded machine (API server, etcd and the
/// test sharing two busy cores) cannot make the leader miss its renew deadline or a release's
/// handover look like an expiry. Takeover times are printed, and only sanity-bounded.
@Suite(.enabled(if: LiveCluster.enabled, "needs ORK_KUBE_INTEGRATION=1 and a running scripts/kube-local"), .serialized)
struct LeaseElectorIntegrationTests {
    static let leases = LeaseElector.leases
    static let leaseDuration = Duration.seconds(8)

    static func elector(_ identity: String, _ ns: String) throws -> (LeaseElector, KubeClient) {
        let kube = try LiveCluster.client()  // one client (and connection pool) per candidate, like separate pods
        let config = LeaseElectorConfig(name: "orkestra-leader", namespace: ns, identity: identity,
                                        endpoint: "https://\(identity).orkestra.svc:8080", leaseDuration: leaseDuration,
                                        renewDeadline: .seconds(6), retryPeriod: .milliseconds(500))
        return (try LeaseElector(client: kube, config: config), kube)
    }

    /// Waits until `condition` holds, sampling every 10 ms; the time it took, or nil after `timeout`.
    static func timeUntil(_ timeout: Duration = .seconds(40), _ condition: () -> Bool) async throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if condition() { return clock.now - start }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Starts a, waits until it leads, starts b, and checks for 2 s that only a leads and b names it.
    static func leaderAndFollower(_ ns: String) async throws -> (LeaseElector, LeaseElector, [KubeClient]) {
        let (a, kubeA) = try elector("candidate-a", ns)
        let (b, kubeB) = try elector("candidate-b", ns)
        a.start()
        #expect(try await timeUntil { a.isLeader } != nil)
        b.start()
        #expect(try await timeUntil { b.leaderState.leaderIdentity == "candidate-a" } != nil)
        for _ in 0..<40 {
            #expect(a.isLeader && !b.isLeader)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(b.leaderState == LeaderState(isLeader: false, leaderIdentity: "candidate-a",
                                             leaderEndpoint: "https://candidate-a.orkestra.svc:8080"))
        return (a, b, [kubeA, kubeB])
    }

    @Test func onlyOneLeadsAndAKilledLeaderIsReplacedAfterTheLeaseExpires() async throws {
        let admin = try LiveCluster.client()
        try await LiveCluster.withNamespace(admin) { ns in
            let (a, b, clients) = try await Self.leaderAndFollower(ns)
            let lease = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(lease.value(atDotted: "spec.holderIdentity") == "candidate-a")
            #expect(lease.value(atDotted: "spec.leaseDurationSeconds") == 8)
            #expect(lease["metadata"]?["annotations"]?["orkestra.orkspace.io/leader-endpoint"] == "https://candidate-a.orkestra.svc:8080")
            #expect(lease.value(atDotted: "spec.renewTime") != lease.value(atDotted: "spec.acquireTime"))  // renewed since
            // kill -9: the leader stops renewing and does not release.
            await a.stop(release: false)
            let held = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(held.value(atDotted: "spec.holderIdentity") == "candidate-a")
            let takeover = try await Self.timeUntil { b.isLeader }
            print("leader election: takeover after the leader was killed: \(takeover.map { "\($0)" } ?? "none") (lease 8 s, retry 0.5 s)")
            let after = try #require(takeover)
            #expect(after > Self.leaseDuration / 2 && after < Self.leaseDuration * 3)
            let taken = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(taken.value(atDotted: "spec.holderIdentity") == "candidate-b")
            #expect(taken.value(atDotted: "spec.leaseTransitions") == 1)
            #expect(taken["metadata"]?["annotations"]?["orkestra.orkspace.io/leader-endpoint"] == "https://candidate-b.orkestra.svc:8080")
            // kubectl sees an ordinary Lease.
            let holder = try LiveCluster.kubectl(["get", "lease", "orkestra-leader", "-n", ns, "-o", "jsonpath={.spec.holderIdentity}"])
            #expect(holder == "candidate-b")
            await b.stop()
            for client in clients { await client.shutdown() }
        }
        await admin.shutdown()
    }

    @Test func releaseOnShutdownHandsOverAtOnce() async throws {
        let admin = try LiveCluster.client()
        try await LiveCluster.withNamespace(admin) { ns in
            let (a, b, clients) = try await Self.leaderAndFollower(ns)
            let eventsA = a.events()
            let eventsB = b.events()
            let clock = ContinuousClock()
            let start = clock.now
            await a.stop()  // orderly shutdown: releases the Lease
            let released = clock.now - start
            let takeover = try await Self.timeUntil { b.isLeader }
            print("leader election: takeover after the leader released on shutdown: \(takeover.map { "\(released + $0)" } ?? "none") "
                  + "(release call \(released)) (lease 8 s, retry 0.5 s)")
            let after = try #require(takeover)
            #expect(released + after < Self.leaseDuration)  // well before the lease could have expired
            let lease = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(lease.value(atDotted: "spec.holderIdentity") == "candidate-b")
            #expect(lease.value(atDotted: "spec.leaseTransitions") == 1)
            var seenA: [LeadershipEvent] = []
            for await event in eventsA { seenA.append(event) }
            #expect(seenA.first == .newLeader(identity: "candidate-a", endpoint: "https://candidate-a.orkestra.svc:8080"))
            #expect(seenA.contains(.startedLeading) && seenA.last == .stoppedLeading)
            await b.stop()
            var seenB: [LeadershipEvent] = []
            for await event in eventsB { seenB.append(event) }
            #expect(seenB.contains(.newLeader(identity: "candidate-b", endpoint: "https://candidate-b.orkestra.svc:8080")))
            #expect(seenB.suffix(2) == [.startedLeading, .stoppedLeading] || seenB.last == .stoppedLeading)
            let final = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(final.value(atDotted: "spec.holderIdentity") == "")
            for client in clients { await client.shutdown() }
        }
        await admin.shutdown()
    }
}
