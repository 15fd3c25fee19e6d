import Foundation
import OrkValue
import Testing
@testable import OrkKube

/// Leader election on a real Lease (scripts/kube-local), with short durations: lease 8 s, renew
/// deadline 6 s, retry period 0.5 s — long enough that a loaded machine (API server, etcd and the
/// test sharing two busy cores) cannot make the leader miss its renew deadline or a release's
/// handover look like an expiry. Takeover times are printed; what is checked holds however the
/// machine stalls the test: lower bounds counted from the leader's own last renewal, and the order of
/// the Lease's writes as a watch shows them (CI's run of 6499e1b, a starved process, broke the
/// stopwatch bounds these tests had).
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
    static func timeUntil(_ timeout: Duration = .seconds(120), _ condition: () -> Bool) async throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if condition() { return clock.now - start }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Starts a, waits until it leads, starts b, and checks for 2 s that b, naming a, does not lead.
    /// (a may step down for a moment and re-acquire its own Lease if the process is starved past its
    /// renew deadline; b may not take over before a's lease expired.)
    static func leaderAndFollower(_ ns: String) async throws -> (LeaseElector, LeaseElector, [KubeClient]) {
        let (a, kubeA) = try elector("candidate-a", ns)
        let (b, kubeB) = try elector("candidate-b", ns)
        a.start()
        #expect(try await timeUntil { a.isLeader } != nil)
        b.start()
        #expect(try await timeUntil { b.leaderState.leaderIdentity == "candidate-a" } != nil)
        for _ in 0..<40 {
            #expect(!b.isLeader)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await timeUntil { a.isLeader && a.renewedAt != nil } != nil)
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
            let renewed = try #require(a.renewedAt)  // a's last renewal is this one or a later one
            await a.stop(release: false)
            let held = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            #expect(held.value(atDotted: "spec.holderIdentity") == "candidate-a")
            let takeover = try await Self.timeUntil { b.isLeader }
            let led = ContinuousClock.now
            print("leader election: takeover after the leader was killed: \(takeover.map { "\($0)" } ?? "none"), "
                  + "\(led - renewed) after its last renewal (lease 8 s, retry 0.5 s)")
            #expect(takeover != nil)
            // b read a's last renewal after a sent it, and waited a whole lease from that read.
            #expect(led - renewed >= Self.leaseDuration)
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
            let before = try await admin.get(Self.leases, namespace: ns, name: "orkestra-leader")
            let clock = ContinuousClock()
            let start = clock.now
            await a.stop()  // orderly shutdown: releases the Lease
            let released = clock.now - start
            let takeover = try await Self.timeUntil { b.isLeader }
            print("leader election: takeover after the leader released on shutdown: \(takeover.map { "\(released + $0)" } ?? "none") "
                  + "(release call \(released)) (lease 8 s, retry 0.5 s)")
            #expect(takeover != nil)
            // Handed over, not expired: b wrote itself over the released (free) record, never over a's.
            let holders = try await Self.holdersWritten(admin, ns, after: before.resourceVersion, until: "candidate-b")
            #expect(holders.suffix(2) == ["", "candidate-b"], "holders written: \(holders)")
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

    /// The Lease's holder as written by each change after `version`, up to the first naming `last`.
    static func holdersWritten(_ admin: KubeClient, _ ns: String, after version: String, until last: String) async throws -> [String] {
        let options = WatchOptions(fieldSelector: "metadata.name=orkestra-leader", resourceVersion: version,
                                   allowBookmarks: false, timeoutSeconds: 60)
        var holders: [String] = []
        for try await event in try await admin.watch(leases, namespace: ns, options: options) where event.type != .bookmark {
            let holder = event.object.value(atDotted: "spec.holderIdentity")?.stringValue ?? ""
            if holders.last != holder { holders.append(holder) }
            if holder == last { break }
        }
        return holders
    }
}
