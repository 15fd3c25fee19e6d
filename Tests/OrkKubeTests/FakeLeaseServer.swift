@testable import OrkKube
import OrkValue
import Synchronization

/// An in-memory API server holding Leases (get/create/update with resourceVersion conflicts),
/// reached through per-candidate transports that can be cut off (a network partition).
final class FakeLeaseServer: Sendable {
    private let leases = Mutex<(objects: [String: JSONValue], version: Int, holders: [String])>(([:], 0, []))

    var lease: JSONValue? { leases.withLock { $0.objects.values.first } }

    /// `spec.holderIdentity` of every accepted create and update, in order ("" for a released Lease).
    var holders: [String] { leases.withLock { $0.holders } }

    func put(_ lease: JSONValue) {
        leases.withLock { state in
            state.version += 1
            let stamped = lease.setting(.string(String(state.version)), at: ["metadata", "resourceVersion"]) ?? lease
            state.objects[lease.value(atDotted: "metadata.name")?.stringValue ?? ""] = stamped
        }
    }

    func handle(_ request: KubeRequest) -> KubeResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        guard segments.count >= 6, segments[5] == "leases" else {
            return json(404, statusBody(404, reason: "NotFound", message: "no such path"))
        }
        let body = request.body.flatMap { try? JSONValue.parse(bytes: $0) } ?? .null
        return leases.withLock { state in
            switch (request.method, segments.count) {
            case ("GET", 7):
                guard let lease = state.objects[segments[6]] else {
                    return json(404, statusBody(404, reason: "NotFound", message: "leases \"\(segments[6])\" not found"))
                }
                return json(200, lease)
            case ("POST", 6):
                let name = body.value(atDotted: "metadata.name")?.stringValue ?? ""
                guard state.objects[name] == nil else {
                    return json(409, statusBody(409, reason: "AlreadyExists", message: "exists"))
                }
                state.version += 1
                let stored = body.setting(.string(String(state.version)), at: ["metadata", "resourceVersion"]) ?? body
                state.objects[name] = stored
                state.holders.append(stored.value(atDotted: "spec.holderIdentity")?.stringValue ?? "")
                return json(201, stored)
            case ("PUT", 7):
                guard let current = state.objects[segments[6]] else {
                    return json(404, statusBody(404, reason: "NotFound", message: "not found"))
                }
                guard body.resourceVersion == current.resourceVersion else {
                    return json(409, statusBody(409, reason: "Conflict", message: "the object has been modified"))
                }
                state.version += 1
                let stored = body.setting(.string(String(state.version)), at: ["metadata", "resourceVersion"]) ?? body
                state.objects[segments[6]] = stored
                state.holders.append(stored.value(atDotted: "spec.holderIdentity")?.stringValue ?? "")
                return json(200, stored)
            default:
                return json(405, statusBody(405, reason: "MethodNotAllowed", message: "no"))
            }
        }
    }

    /// A client for one candidate.
    func client() throws -> (KubeClient, Link) {
        let link = Link(server: self)
        return (try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: 10_000, burst: 10_000), transport: link,
                               retry: .none), link)
    }

    /// One candidate's connection to the server.
    final class Link: KubeTransport {
        let server: FakeLeaseServer
        private let cut = Mutex(false)
        /// The next GET waits before it reaches the server (a slow request): armed, waiting, released.
        private let hold = Mutex<(armed: Bool, waiting: Bool, released: Bool)>((false, false, false))

        init(server: FakeLeaseServer) { self.server = server }

        /// Cuts the candidate off (every request fails) or reconnects it.
        func partition(_ value: Bool) { cut.withLock { $0 = value } }

        /// Makes the candidate's next GET wait (sent, not yet served) until `releaseHeldRead()`.
        func holdNextRead() { hold.withLock { $0 = (true, false, false) } }

        /// Whether a held GET is waiting.
        var readIsHeld: Bool { hold.withLock { $0.waiting } }

        /// Lets the held GET reach the server.
        func releaseHeldRead() { hold.withLock { $0.released = true } }

        func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
            if cut.withLock({ $0 }) { throw KubeError(kind: .transport, message: "network unreachable") }
            if request.method == "GET" && hold.withLock({ state in
                defer { if state.armed { state = (false, true, false) } }
                return state.armed
            }) {
                while !hold.withLock({ $0.released }) { try? await Task.sleep(for: .milliseconds(5)) }
                hold.withLock { $0 = (false, false, false) }
            }
            return server.handle(request)
        }

        /// Watches end at once (followers then fall back to polling).
        func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
            if cut.withLock({ $0 }) { throw KubeError(kind: .transport, message: "network unreachable") }
            return KubeStreamResponse(status: 200, headers: [], body: AsyncThrowingStream { $0.finish() })
        }

        func shutdown() async {}
    }
}
