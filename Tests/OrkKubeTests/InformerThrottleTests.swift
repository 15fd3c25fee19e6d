import OrkValue
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkKube

/// Answers the first watches with 429 (each with its own `Retry-After`, nil for none), then hands
/// watches to a `ScriptedWatchTransport`.
final class ThrottlingWatchTransport: KubeTransport {
    let inner: ScriptedWatchTransport
    private let throttles: Mutex<[Int?]>
    private let throttled = Mutex(0)

    init(inner: ScriptedWatchTransport, retryAfter: [Int?]) {
        self.inner = inner
        self.throttles = Mutex(retryAfter)
    }

    /// Watches answered with 429 so far.
    var throttledWatches: Int { throttled.withLock { $0 } }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse { try await inner.send(request) }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        let next = throttles.withLock { throttles -> Int?? in
            guard !throttles.isEmpty else { return .none }
            return .some(throttles.removeFirst())
        }
        guard case .some(let retryAfter) = next else { return try await inner.stream(request) }
        throttled.withLock { $0 += 1 }
        let body = Array(statusBody(429, reason: "TooManyRequests", message: "too many requests").serialized().utf8)
        return KubeStreamResponse(status: 429, headers: retryAfter.map { [("Retry-After", String($0))] } ?? [],
                                  body: AsyncThrowingStream { continuation in
                                      continuation.yield(body)
                                      continuation.finish()
                                  })
    }

    func shutdown() async {}
}

/// How the informer's list/watch loop treats a throttled watch (it waits what the server asked,
/// on the injected clock) and an event too large to hold (the watch ends, the informer relists).
@Suite struct InformerThrottleTests {
    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)

    static func kube(_ transport: some KubeTransport) throws -> KubeClient {
        try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: 10_000, burst: 10_000), transport: transport,
                       retry: .none)
    }

    static func scripted(rv: String = "10") -> ScriptedWatchTransport {
        ScriptedWatchTransport { _ in listBody([configMap("a", rv: "1")], rv: rv) }
    }

    /// Waits (bounded, for a failure) until the clock has been asked for `count` sleeps.
    static func sleeps(_ count: Int, on clock: ManualClock) async throws -> [Duration] {
        #expect(try await eventually { clock.requestedSleeps.count >= count })
        return clock.requestedSleeps
    }

    @Test func aThrottledWatchWaitsTheServersRetryAfterBeforeWatchingAgain() async throws {
        // 429 with Retry-After 7 s, then 429 asking for an hour (cut to the 60 s bound), then 429
        // without Retry-After (the backoff: 1 s, no jitter, doubling), then a watch that works.
        let inner = Self.scripted()
        let transport = ThrottlingWatchTransport(inner: inner, retryAfter: [7, 3600, nil])
        let clock = ManualClock()
        let options = InformerOptions(namespace: "ns", backoff: Backoff(initial: .seconds(1), maximum: .seconds(30), jitter: 0),
                                      clock: clock)
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        informer.start()
        #expect(await informer.waitUntilSynced())

        #expect(try await Self.sleeps(1, on: clock) == [.seconds(7)])
        #expect(transport.throttledWatches == 1)
        #expect(informer.stats.lastError?.kind == .tooManyRequests)
        #expect(informer.stats.lastError?.retryAfter == .seconds(7))
        // Not a moment early: 6.999 s on, the informer is still waiting and has not watched again.
        clock.advance(by: .milliseconds(6_999))
        #expect(clock.pendingSleeps == 1)
        #expect(transport.throttledWatches == 1 && inner.watchCount == 0)
        clock.advance(by: .milliseconds(1))

        #expect(try await Self.sleeps(2, on: clock) == [.seconds(7), RetryPolicy.maxRetryAfter])
        #expect(transport.throttledWatches == 2)
        clock.advance(by: RetryPolicy.maxRetryAfter)

        // Third failure in a row, no Retry-After: the backoff's third step (1 s · 2²).
        #expect(try await Self.sleeps(3, on: clock) == [.seconds(7), RetryPolicy.maxRetryAfter, .seconds(4)])
        clock.advance(by: .seconds(4))

        let watch = try await inner.watch(0)
        #expect(watch.query("resourceVersion") == "10")  // resumed from the list: a 429 is no reason to relist
        #expect(inner.listRequests.count == 1)
        #expect(informer.stats.failures == 3)
        await informer.stop()
    }

    @Test func aThrottlingErrorEventInsideTheWatchIsHonouredToo() async throws {
        // The API server may also end a watch with an ERROR event carrying a 429 Status.
        let inner = Self.scripted()
        let clock = ManualClock()
        let options = InformerOptions(namespace: "ns", backoff: Backoff(initial: .seconds(1), jitter: 0), clock: clock)
        let informer = Informer(client: try Self.kube(inner), resource: Self.configMaps, options: options)
        informer.start()
        #expect(await informer.waitUntilSynced())
        let first = try await inner.watch(0)
        first.send("ERROR", ["kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 429,
                             "reason": "TooManyRequests", "message": "slow down", "details": ["retryAfterSeconds": 3]])
        #expect(try await Self.sleeps(1, on: clock) == [.seconds(3)])
        #expect(inner.watchCount == 1)
        clock.advance(by: .seconds(3))
        _ = try await inner.watch(1)
        #expect(inner.listRequests.count == 1)
        await informer.stop()
    }

    @Test func anEventLargerThanTheBoundEndsTheWatchAndTheInformerRelists() async throws {
        let inner = Self.scripted()
        let options = InformerOptions(namespace: "ns", backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(20)))
        let informer = Informer(client: try Self.kube(inner), resource: Self.configMaps, options: options)
        informer.start()
        #expect(await informer.waitUntilSynced())
        let first = try await inner.watch(0)
        // One event of 16 MiB + 1 byte and still no newline, in 1 MiB chunks.
        first.continuation.yield(Array(#"{"type":"ADDED","object":{"data":{"k":""#.utf8))
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<16 { first.continuation.yield(chunk) }
        first.continuation.yield([0x61])
        let second = try await inner.watch(1)
        #expect(inner.listRequests.count == 2)  // relisted before watching again
        #expect(second.query("resourceVersion") == "10")
        #expect(informer.stats.lastError?.kind == .decoding)
        #expect(informer.stats.lastError?.message.contains("larger than \(WatchEventDecoder.maxLine) bytes") == true)
        // The informer still works: the next watch's events arrive.
        second.send("MODIFIED", configMap("a", rv: "11", data: ["x": "1"]))
        #expect(try await eventually { informer.resourceVersion == "11" })
        await informer.stop()
    }
}
