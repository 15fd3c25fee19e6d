@testable import OrkKube
import OrkValue
import Synchronization

/// A transport for informer unit tests: plain requests are answered by a handler; every watch gets
/// a stream the test drives by hand (send events, errors, cut it, end it).
final class ScriptedWatchTransport: KubeTransport {
    typealias Handler = @Sendable (KubeRequest) -> KubeResponse

    /// One open watch: its request and the controls of its body.
    struct Watch: Sendable {
        let request: KubeRequest
        let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

        func query(_ name: String) -> String? { request.query.first { $0.0 == name }?.1 }

        func send(_ type: String, _ object: JSONValue) {
            let line: JSONValue = ["type": .string(type), "object": object]
            continuation.yield(Array((line.serialized() + "\n").utf8))
        }

        func bookmark(_ resourceVersion: String) {
            send("BOOKMARK", ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["resourceVersion": .string(resourceVersion)]])
        }

        /// An `ERROR` event with a Status (410 Expired by default).
        func error(code: Int = 410, reason: String = "Expired") {
            send("ERROR", statusBody(code, reason: reason, message: "too old resource version"))
        }

        func end() { continuation.finish() }

        func cut() { continuation.finish(throwing: KubeError(kind: .transport, message: "connection reset by peer")) }
    }

    private let handler: Handler
    private let state = Mutex<(requests: [KubeRequest], watches: [Watch])>(([], []))

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [KubeRequest] { state.withLock { $0.requests } }
    var listRequests: [KubeRequest] { requests.filter { !$0.query.contains { $0 == ("watch", "true") } } }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        state.withLock { $0.requests.append(request) }
        let response = handler(request)
        if response.status == 0 { throw KubeError(kind: .transport, message: "connection refused") }
        return response
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        let (body, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        state.withLock { state in
            state.requests.append(request)
            state.watches.append(Watch(request: request, continuation: continuation))
        }
        return KubeStreamResponse(status: 200, headers: [], body: body)
    }

    func shutdown() async {}

    /// The `index`-th watch (0-based), waiting up to 120 seconds (a failure's bound: the informer opens it at
    /// once, but a loaded 2-core machine running the whole suite can keep its tasks waiting for a thread) for it.
    func watch(_ index: Int) async throws -> Watch {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(120)
        while clock.now < deadline {
            if let watch = state.withLock({ index < $0.watches.count ? $0.watches[index] : nil }) { return watch }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw KubeError(kind: .timeout, message: "watch \(index) was never opened")
    }

    var watchCount: Int { state.withLock { $0.watches.count } }
}

extension KubeRequest {
    func query(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
}

/// A ConfigMap as the API server would send it.
func configMap(_ name: String, namespace: String = "ns", rv: String, uid: String? = nil, data: [String: JSONValue] = [:],
               labels: [String: JSONValue] = [:], owners: [String] = []) -> JSONValue {
    var metadata: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace),
                                         "resourceVersion": .string(rv), "uid": .string(uid ?? "uid-\(name)")]
    if !labels.isEmpty { metadata["labels"] = .object(labels) }
    if !owners.isEmpty {
        metadata["ownerReferences"] = .array(owners.map { ["apiVersion": "v1", "kind": "Owner", "name": "o", "uid": .string($0)] })
    }
    return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": .object(data)]
}

/// A list answer.
func listBody(_ items: [JSONValue], rv: String) -> KubeResponse {
    json(200, ["kind": "ConfigMapList", "apiVersion": "v1", "metadata": ["resourceVersion": .string(rv)], "items": .array(items)])
}

/// Reads the next `count` events of a subscription, failing after `timeout` (which ends the subscription).
func take(_ count: Int, from events: InformerEvents, timeout: Duration = .seconds(120)) async throws -> [InformerEvent] {
    let got = await withDeadline(timeout) {
        var iterator = events.makeAsyncIterator()
        var taken: [InformerEvent] = []
        while taken.count < count, let event = await iterator.next() { taken.append(event) }
        return taken
    }
    guard let got, got.count == count else {
        throw KubeError(kind: .timeout, message: "expected \(count) events, got \(got.map { describe($0) } ?? [])")
    }
    return got
}

/// Every event left in a subscription of a stopped informer.
func drain(_ events: InformerEvents, timeout: Duration = .seconds(120)) async throws -> [InformerEvent] {
    let got = await withDeadline(timeout) {
        var taken: [InformerEvent] = []
        for await event in events { taken.append(event) }
        return taken
    }
    guard let got else { throw KubeError(kind: .timeout, message: "the event stream did not end") }
    return got
}

/// A compact description of events for exact comparisons: `added a@1`, `updated a@1→2`, `deleted a@2`, `resync a@2`.
func describe(_ events: [InformerEvent]) -> [String] {
    events.map { event in
        func tag(_ object: JSONValue) -> String {
            "\(object.value(atDotted: "metadata.name")?.stringValue ?? "?")@\(object.value(atDotted: "metadata.resourceVersion")?.stringValue ?? "?")"
        }
        switch event {
        case .added(let object): return "added \(tag(object))"
        case .updated(let old, let new): return "updated \(tag(old))→\(new.value(atDotted: "metadata.resourceVersion")?.stringValue ?? "?")"
        case .deleted(let object): return "deleted \(tag(object))"
        case .resync(let object): return "resync \(tag(object))"
        }
    }
}
