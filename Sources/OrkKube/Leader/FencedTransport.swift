/// A transport that lets a write (any method but GET, HEAD and OPTIONS: create, update, patch,
/// apply, delete, status included) through only while a `LeaseFence` holds, and cancels it when the
/// fence closes before the answer came (a renewal meanwhile keeps it open: only a closed fence
/// cancels). Reads and watches pass untouched.
///
/// It sits under `KubeClient`'s retry loop, so every attempt of every write is checked: retries
/// stop as soon as leadership ends, and a refusal (`LeaseFence.isRefusal`) is never retried.
/// `shutdown()` does nothing: the inner transport belongs to the client it was taken from.
public struct FencedTransport: KubeTransport {
    public let inner: any KubeTransport
    public let fence: LeaseFence

    static let readMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    public init(inner: any KubeTransport, fence: LeaseFence) {
        self.inner = inner
        self.fence = fence
    }

    public func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        if Self.readMethods.contains(request.method) { return try await inner.send(request) }
        _ = try permit(request)
        let (inner, fence) = (self.inner, self.fence)
        let outcome = await withTaskGroup(of: Result<KubeResponse, KubeError>?.self) { group in
            group.addTask {
                do throws(KubeError) {
                    return .success(try await inner.send(request))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await fence.waitUntilClosed()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else {
            throw LeaseFence.refusal("the leader Lease fence closed while the request was in flight; cancelled",
                                     request: request.summary)
        }
        return try outcome.get()
    }

    public func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        if !Self.readMethods.contains(request.method) { _ = try permit(request) }
        return try await inner.stream(request)
    }

    public func shutdown() async {}

    /// How long the write may take, or the refusal.
    func permit(_ request: KubeRequest) throws(KubeError) -> Duration {
        switch fence.decision {
        case .held(let remaining):
            return remaining
        case .notLeading:
            throw LeaseFence.refusal("this replica does not hold the leader Lease", request: request.summary)
        case .expired(let overdue):
            throw LeaseFence.refusal("the leader Lease was not renewed within \(fence.validity) (overdue by \(overdue))",
                                     request: request.summary)
        }
    }
}
