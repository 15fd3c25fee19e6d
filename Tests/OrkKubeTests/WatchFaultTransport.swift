@testable import OrkKube
import Synchronization

/// Wraps the real transport to break watches on demand: cut the open ones (a reset connection),
/// hold new ones back while the test changes things, and make the next one start from
/// resourceVersion "1", which the API server answers with 410 Expired.
///
/// kube-apiserver 1.20 answers that 410 only once its watch cache no longer reaches back to
/// revision 1: the cache grows to hold ~75 s of history, so a freshly started server still replays
/// from "1". The first line of the expired watch is therefore checked: the server's own
/// `ERROR 410` passes through (`realGone`); a replay is replaced by the line the server would have
/// sent (`syntheticGone`), so the test is deterministic either way.
final class WatchFaultTransport: KubeTransport {
    private struct Open: Sendable {
        let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
        let task: Task<Void, Never>
    }

    private struct State: Sendable {
        var open: [Int: Open] = [:]
        var nextID = 0
        var held = false
        var expireNext = false
        var lists = 0
        var watches = 0
        var realGone = 0
        var syntheticGone = 0
    }

    let inner: any KubeTransport
    private let state = Mutex(State())

    init(inner: any KubeTransport) { self.inner = inner }

    var openWatches: Int { state.withLock { $0.open.count } }
    var realGone: Int { state.withLock { $0.realGone } }
    var syntheticGone: Int { state.withLock { $0.syntheticGone } }

    /// What kube-apiserver 1.20 sends for a watch from a compacted resourceVersion.
    static let goneLine = Array(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1","reason":"Expired","code":410}}"#.utf8) + [0x0A]
    var watchRequests: Int { state.withLock { $0.watches } }
    /// GET requests (the informer's lists) that went through.
    var getRequests: Int { state.withLock { $0.lists } }

    /// Ends every open watch with a transport error, as a reset connection would.
    func cutWatches() {
        let open = state.withLock { state in
            defer { state.open = [:] }
            return Array(state.open.values)
        }
        for watch in open {
            watch.continuation.finish(throwing: KubeError(kind: .transport, message: "injected: connection reset by peer"))
            watch.task.cancel()
        }
    }

    /// While held, new watches wait before reaching the server.
    func hold(_ held: Bool) { state.withLock { $0.held = held } }

    /// The next watch asks for resourceVersion "1" (long compacted away): a real 410.
    func expireNextWatch() { state.withLock { $0.expireNext = true } }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        if request.method == "GET" { state.withLock { $0.lists += 1 } }
        return try await inner.send(request)
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        while state.withLock({ $0.held }) {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                throw KubeError(kind: .transport, message: "cancelled while held")
            }
        }
        var request = request
        let expire = state.withLock { state in
            defer { state.expireNext = false }
            return state.expireNext
        }
        if expire {
            request.query = request.query.map { $0.0 == "resourceVersion" ? ("resourceVersion", "1") : $0 }
        }
        state.withLock { $0.watches += 1 }
        let response = try await inner.stream(request)
        let (body, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        let upstream = response.body
        let task = Task {
            do {
                var first = expire
                for try await chunk in upstream {
                    if first {
                        first = false
                        if String(decoding: chunk, as: UTF8.self).contains(#""type":"ERROR""#) {
                            self.state.withLock { $0.realGone += 1 }
                        } else {
                            self.state.withLock { $0.syntheticGone += 1 }
                            continuation.yield(Self.goneLine)
                            continuation.finish()
                            return
                        }
                    }
                    continuation.yield(chunk)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let id = state.withLock { state in
            state.nextID += 1
            state.open[state.nextID] = Open(continuation: continuation, task: task)
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            task.cancel()
            _ = self?.state.withLock { $0.open.removeValue(forKey: id) }
        }
        return KubeStreamResponse(status: response.status, headers: response.headers, body: body)
    }

    func shutdown() async { await inner.shutdown() }
}
