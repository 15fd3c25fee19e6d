import OrkKube
import OrkValue
import Testing

/// The write fence (R9): a write is attempted only while the Lease is held and was renewed within
/// `renewDeadline − margin` (judged on an injected clock), an in-flight write is cancelled when the
/// fence closes, and retries stop when leadership ends.
@Suite struct LeaseFenceTests {
    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)

    static func client(_ transport: any KubeTransport, retry: RetryPolicy = .init(maxAttempts: 5, baseDelay: .milliseconds(1)))
        throws -> KubeClient
    {
        try KubeClient(config: KubeConfig(server: "https://fence:6443", qps: 1000, burst: 1000), transport: transport,
                       retry: retry)
    }

    static let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": ["name": "x", "namespace": "ns", "resourceVersion": "1"]]

    @Test func marginAndValidityFollowTheElectionDurations() {
        let defaults = LeaseElectorConfig(name: "l", namespace: "n", identity: "i")
        #expect(LeaseFence.margin(for: defaults) == .milliseconds(2500))
        #expect(LeaseFence.validity(for: defaults) == .milliseconds(7500))
        let fast = LeaseElectorConfig(name: "l", namespace: "n", identity: "i", leaseDuration: .seconds(3),
                                      renewDeadline: .seconds(2), retryPeriod: .seconds(1))
        #expect(LeaseFence.validity(for: fast) == .milliseconds(1500))
        // For every valid configuration a leader renewing each retry period stays inside its fence,
        // and the fence closes before the renew deadline (and so before anyone may take over).
        for (lease, renew, retry) in [(15, 10, 5), (3, 2, 1), (60, 59, 1), (10, 9, 8), (100, 11, 10)] {
            let config = LeaseElectorConfig(name: "l", namespace: "n", identity: "i", leaseDuration: .seconds(lease),
                                            renewDeadline: .seconds(renew), retryPeriod: .seconds(retry))
            #expect(config.isValid)
            let validity = LeaseFence.validity(for: config)
            #expect(validity > config.retryPeriod && validity < config.renewDeadline, "\(lease)/\(renew)/\(retry)")
        }
    }

    @Test func decisionFollowsTheInjectedClock() {
        let clock = FenceClock()
        let fence = clock.fence(validity: .seconds(4))
        #expect(fence.decision == .notLeading)
        clock.renew()
        #expect(fence.decision == .held(remaining: .seconds(4)))
        clock.advance(by: .milliseconds(3999))
        #expect(fence.decision == .held(remaining: .milliseconds(1)))
        clock.advance(by: .milliseconds(1))
        #expect(fence.decision == .expired(overdue: .zero))
        clock.advance(by: .seconds(2))
        #expect(fence.decision == .expired(overdue: .seconds(2)))
        clock.renew()
        #expect(fence.decision == .held(remaining: .seconds(4)))
        clock.lose()
        #expect(fence.decision == .notLeading)
    }

    @Test func writesAreAllowedWhileHeldAndRefusedAfterTheMargin() async throws {
        let clock = FenceClock()
        let inner = RecordingTransport()
        let kube = try Self.client(FencedTransport(inner: inner, fence: clock.fence(validity: .seconds(4))))
        clock.renew()
        clock.advance(by: .seconds(3))
        _ = try await kube.apply(Self.configMaps, Self.object, fieldManager: "orkestra", force: true)
        _ = try await kube.create(Self.configMaps, namespace: "ns", Self.object)
        _ = try await kube.update(Self.configMaps, namespace: "ns", Self.object)
        _ = try await kube.patch(Self.configMaps, namespace: "ns", name: "x", .merge(["data": ["a": "b"]]), subresource: "status")
        try await kube.delete(Self.configMaps, namespace: "ns", name: "x")
        #expect(inner.methods == ["PATCH", "POST", "PUT", "PATCH", "DELETE"])

        clock.advance(by: .seconds(1))  // four seconds since the renewal: the fence is closed
        for write in Self.writes(kube) {
            await #expect(throws: KubeError.self) { try await write() }
        }
        do {
            _ = try await kube.apply(Self.configMaps, Self.object, fieldManager: "orkestra", force: true)
            Issue.record("a write went through a closed fence")
        } catch {
            #expect(LeaseFence.isRefusal(error))
        }
        #expect(inner.requests.count == 5, "nothing reached the API server after the fence closed")
        // Reads and watches do not need the Lease.
        _ = try await kube.get(Self.configMaps, namespace: "ns", name: "x")
        clock.lose()
        _ = try await kube.list(Self.configMaps, namespace: "ns")
        #expect(inner.methods.suffix(2) == ["GET", "GET"])
    }

    static func writes(_ kube: KubeClient) -> [@Sendable () async throws -> Void] {
        [
            { _ = try await kube.apply(configMaps, object, fieldManager: "orkestra", force: true) },
            { _ = try await kube.create(configMaps, namespace: "ns", object) },
            { _ = try await kube.update(configMaps, namespace: "ns", object, subresource: "status") },
            { _ = try await kube.patch(configMaps, namespace: "ns", name: "x", .merge(["a": 1])) },
            { try await kube.delete(configMaps, namespace: "ns", name: "x") },
        ]
    }

    /// A write the server answers 503 would be retried five times; leadership ends during the first
    /// attempt, so the retry is refused by the fence and never sent.
    @Test func retriesStopWhenLeadershipEnds() async throws {
        let clock = FenceClock()
        let inner = RecordingTransport(status: 503) { clock.lose() }
        let kube = try Self.client(FencedTransport(inner: inner, fence: clock.fence(validity: .seconds(4))))
        clock.renew()
        do {
            _ = try await kube.apply(Self.configMaps, Self.object, fieldManager: "orkestra", force: true)
            Issue.record("the write succeeded")
        } catch {
            #expect(LeaseFence.isRefusal(error), "\(error)")
        }
        #expect(inner.requests.count == 1)
    }

    /// A write still in flight when the fence closes is cancelled (the transport below sees the
    /// cancellation) and reported as a refusal; one that outlives the fence's first end because
    /// the Lease was renewed meanwhile is not.
    @Test func inFlightWriteIsCancelledWhenTheFenceCloses() async throws {
        let inner = RecordingTransport(blockUntilCancelled: true)
        // A real clock here: the fence gives the write 200 ms from the renewal.
        let renewed = ContinuousClock.now
        let fence = LeaseFence(validity: .milliseconds(200), renewedAt: { renewed })
        let kube = try Self.client(FencedTransport(inner: inner, fence: fence))
        do {
            _ = try await kube.apply(Self.configMaps, Self.object, fieldManager: "orkestra", force: true)
            Issue.record("the write succeeded")
        } catch {
            #expect(LeaseFence.isRefusal(error), "\(error)")
        }
        #expect(inner.requests.count == 1)
    }

    @Test func writeOutlivingTheFirstFenceEndIsKeptWhileTheLeaseIsRenewed() async throws {
        // Renewed continuously: the fence's end keeps moving while the slow write is in flight.
        let fence = LeaseFence(validity: .milliseconds(50), renewedAt: { ContinuousClock.now })
        let inner = RecordingTransport(delay: .milliseconds(300))
        let kube = try Self.client(FencedTransport(inner: inner, fence: fence))
        let answer = try await kube.apply(Self.configMaps, Self.object, fieldManager: "orkestra", force: true)
        #expect(answer.value(atDotted: "metadata.resourceVersion") == "1")
    }
}

extension LeaseElectorConfig {
    var isValid: Bool { (try? validate()) != nil }
}
