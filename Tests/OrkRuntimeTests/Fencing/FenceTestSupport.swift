import OrkKube
import OrkValue
import Synchronization

/// An injected monotonic clock: an instant that moves only when told.
final class FenceClock: Sendable {
    let base = ContinuousClock.now
    private let offset = Mutex(Duration.zero)
    private let renewal = Mutex<Duration?>(nil)

    var now: ContinuousClock.Instant { base + offset.withLock { $0 } }
    func advance(by delta: Duration) { offset.withLock { $0 += delta } }
    /// Records a renewal now (the elector leads).
    func renew() { let now = offset.withLock { $0 }; renewal.withLock { $0 = now } }
    /// The elector stopped leading.
    func lose() { renewal.withLock { $0 = nil } }
    var renewedAt: ContinuousClock.Instant? { renewal.withLock { $0 }.map { base + $0 } }

    func fence(validity: Duration) -> LeaseFence {
        LeaseFence(validity: validity, renewedAt: { self.renewedAt }, now: { self.now })
    }
}

/// A transport that records the requests it is given and answers each with `answer`, optionally
/// calling `onSend` first (to change leadership mid-request) or blocking until cancelled.
final class RecordingTransport: KubeTransport {
    private let sent = Mutex<[KubeRequest]>([])
    let status: Int
    let blockUntilCancelled: Bool
    let delay: Duration
    let onSend: @Sendable () -> Void

    init(status: Int = 200, blockUntilCancelled: Bool = false, delay: Duration = .zero,
         onSend: @escaping @Sendable () -> Void = {}) {
        self.status = status
        self.blockUntilCancelled = blockUntilCancelled
        self.delay = delay
        self.onSend = onSend
    }

    var requests: [KubeRequest] { sent.withLock { $0 } }
    var methods: [String] { requests.map(\.method) }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        sent.withLock { $0.append(request) }
        onSend()
        if blockUntilCancelled {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
            throw KubeError(kind: .transport, message: "cancelled", request: request.summary)
        }
        if delay > .zero {
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw KubeError(kind: .transport, message: "cancelled", request: request.summary)
            }
        }
        let body: JSONValue = status < 300
            ? ["kind": "ConfigMap", "metadata": ["name": "x", "resourceVersion": "1"]]
            : ["kind": "Status", "code": .int(status), "reason": "ServiceUnavailable", "message": "injected"]
        return KubeResponse(status: status, body: Array(body.serialized().utf8))
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        sent.withLock { $0.append(request) }
        return KubeStreamResponse(status: 200, headers: [], body: AsyncThrowingStream { $0.finish() })
    }

    func shutdown() async {}
}

/// A flag set from another task.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
