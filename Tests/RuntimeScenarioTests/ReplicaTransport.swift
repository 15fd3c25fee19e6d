import Foundation
import OrkKube
import OrkValue
import Synchronization

/// Every write that reached the API server from any replica of a test, with the resourceVersion
/// the server gave it: the order in which writes landed (resourceVersions are one global counter
/// on the sandbox and etcd revisions on the real API server).
final class WriteLedger: Sendable {
    enum Outcome: Sendable, Hashable {
        case inFlight
        /// Stored, with the resourceVersion the server gave it (nil: the answer had none).
        case landed(Int?)
        /// Refused by the server (the status): nothing was stored.
        case rejected(Int)
        /// Sent, but the answer never came (cancelled or cut): it may have landed.
        case unknown
    }

    struct Write: Sendable, CustomStringConvertible {
        var replica: String
        var request: String
        var outcome: Outcome
        /// The `metadata.resourceVersion` the request body was conditioned on (an update), if any:
        /// the server stores it only while the object is still at that version.
        var precondition: Int?

        var landedVersion: Int? {
            if case .landed(let version) = outcome { return version }
            return nil
        }

        var description: String { "\(replica) \(request) \(outcome)" }
    }

    private let writes = Mutex<[Write]>([])
    private let cancelledHolds = Mutex<[String]>([])
    private let holds = Mutex(0)

    var all: [Write] { writes.withLock { $0 } }

    func sent(_ replica: String, _ request: String, precondition: Int? = nil) -> Int {
        writes.withLock { writes in
            writes.append(Write(replica: replica, request: request, outcome: .inFlight, precondition: precondition))
            return writes.count - 1
        }
    }

    func finished(_ index: Int, _ outcome: Outcome) {
        writes.withLock { writes in
            guard writes.indices.contains(index) else { return }
            writes[index].outcome = outcome
        }
    }

    /// A held request started waiting.
    func held() { holds.withLock { $0 += 1 } }
    var heldCount: Int { holds.withLock { $0 } }

    /// A held request was cancelled before it was sent: it never reached the API server.
    func cancelledHold(_ request: String) { cancelledHolds.withLock { $0.append(request) } }
    var cancelledHoldRequests: [String] { cancelledHolds.withLock { $0 } }
}

/// The road between one runtime replica and the API server, as a test drives it: it records the
/// replica's writes in a shared `WriteLedger` and injects the faults of the safety scenarios —
/// Lease writes that fail (answered 503 here, never sent), PATCHes of one object held back before
/// they are sent (a slow network: a hold cancelled by the caller is never sent), and watches of a
/// resource whose events are withheld (a stalled watch). Works in front of the sandbox and the
/// real API server alike.
final class ReplicaTransport: KubeTransport {
    struct Faults: Sendable {
        var failLeaseWrites = false
        /// PATCHes whose path ends with this are held for `holdFor` before they are sent.
        var holdPatchesOf: String?
        var holdFor: Duration = .seconds(30)
        /// Watches whose path contains this deliver no events.
        var stallWatchesOf: String?
    }

    let replica: String
    let inner: any KubeTransport
    let ledger: WriteLedger
    private let faults = Mutex(Faults())

    init(replica: String, inner: any KubeTransport, ledger: WriteLedger) {
        self.replica = replica
        self.inner = inner
        self.ledger = ledger
    }

    func update(_ change: (inout Faults) -> Void) { faults.withLock { change(&$0) } }

    static let readMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        if Self.readMethods.contains(request.method) { return try await inner.send(request) }
        let current = faults.withLock { $0 }
        if current.failLeaseWrites, request.path.contains("/leases") {
            return KubeResponse(status: 503, body: Array(JSONValue.object([
                "kind": "Status", "code": 503, "reason": "ServiceUnavailable", "message": "injected: lease write failed",
            ]).serialized().utf8))
        }
        if request.method == "PATCH", let suffix = current.holdPatchesOf, request.path.hasSuffix(suffix) {
            ledger.held()
            do {
                try await Task.sleep(for: current.holdFor)
            } catch {
                ledger.cancelledHold(request.summary)
                throw KubeError(kind: .transport, message: "cancelled while held (never sent)", request: request.summary)
            }
        }
        let precondition = request.body.flatMap { try? JSONValue.parse(bytes: $0) }?
            .value(atDotted: "metadata.resourceVersion")?.stringValue.flatMap { Int($0) }
        let index = ledger.sent(replica, request.summary, precondition: precondition)
        let response: KubeResponse
        do {
            response = try await inner.send(request)
        } catch {
            ledger.finished(index, .unknown)
            throw error
        }
        if (200..<300).contains(response.status) {
            let version = (try? JSONValue.parse(bytes: response.body))?
                .value(atDotted: "metadata.resourceVersion")?.stringValue.flatMap { Int($0) }
            ledger.finished(index, .landed(version))
        } else {
            ledger.finished(index, .rejected(response.status))
        }
        return response
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        let response = try await inner.stream(request)
        guard let stalled = faults.withLock({ $0.stallWatchesOf }), request.path.contains(stalled) else { return response }
        // The watch stays open and ends when the server ends it, but none of its events arrive.
        let body = response.body
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let task = Task {
            do {
                for try await _ in body {}
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return KubeStreamResponse(status: response.status, headers: response.headers, body: stream)
    }

    func shutdown() async {}
}
