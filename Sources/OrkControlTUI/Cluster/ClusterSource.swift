import Synchronization
import OrkKube

/// A kubeconfig context the Control Center discovers runtimes and gateways in: its name, the API
/// server it names, and the transport that speaks to it with the context's credentials (client
/// certificate, token, or an exec credential plugin run without a terminal).
package struct ClusterSource: Sendable {
    package var context: String
    package var server: String
    /// Look only in this namespace (`--namespace`); nil: every namespace the user may list.
    package var namespace: String?
    /// The context's own namespace, searched when the user may not list cluster-wide.
    package var defaultNamespace: String
    package var transport: any KubeTransport
    /// When the API server last refused the cluster-wide Service list (shared by the copies of this source).
    let clusterWideRefusal = ClusterWideRefusal()

    package init(context: String, server: String, namespace: String?, defaultNamespace: String, transport: any KubeTransport) {
        self.context = context
        self.server = server
        self.namespace = namespace
        self.defaultNamespace = defaultNamespace
        self.transport = transport
    }
}

/// A user with only a namespaced Role is refused the cluster-wide list at every poll: after a refusal
/// discovery goes straight to the namespace for `retryAfter` (rights may be granted later), saving a
/// round trip and an audit entry per poll.
final class ClusterWideRefusal: Sendable {
    static let retryAfter: Duration = .seconds(300)
    private let refusedAt = Mutex<ContinuousClock.Instant?>(nil)

    func shouldAsk(at now: ContinuousClock.Instant) -> Bool {
        refusedAt.withLock { $0.map { $0.duration(to: now) >= Self.retryAfter } ?? true }
    }

    func record(_ refused: Bool, at now: ContinuousClock.Instant) {
        refusedAt.withLock { $0 = refused ? now : nil }
    }
}
