import OrkAPI
import FoundationEssentials

/// Everything the poller knows, as one value: what the views render and `--once` prints.
package struct ControlState: Sendable, Equatable {
    package static let errorLogLength = 500

    /// The kubeconfig contexts (`--context`), in the order given.
    package var clusters: [ClusterEndpoint] = []
    package var runtimes: [RuntimeEndpoint]
    package var gateways: [GatewayEndpoint]
    /// Oldest first by time, then URL; at most `errorLogLength`.
    package var errors: [ErrorRecord] = []
    package var crdDetails: [String: Loaded<CRDDetail>] = [:]
    package var crdHealth: [String: Loaded<CRDHealthStatus>] = [:]
    package var crLists: [String: Loaded<ResourceList>] = [:]
    package var resourceDetails: [String: Loaded<ResourceDetail>] = [:]
    package var crEvents: [String: Loaded<ResourceEvents>] = [:]
    package var gatewayCRDs: [String: Loaded<GatewayCRD>] = [:]
    package var lastPoll: Date?
    package var polls: Int = 0
    package var paused = false

    package init(runtimeURLs: [String], gatewayURLs: [String]) {
        runtimes = runtimeURLs.map { RuntimeEndpoint(url: $0) }
        gateways = gatewayURLs.map { GatewayEndpoint(url: $0, advertisedBy: [], explicit: true) }
    }

    package func runtime(_ url: String) -> RuntimeEndpoint? {
        runtimes.first { $0.url == url }
    }

    /// The gateway a runtime advertises, when it is known; of a context's replicas, the first
    /// that answers (its fleet view covers the others).
    package func gateway(of runtimeURL: String) -> GatewayEndpoint? {
        Self.spokesperson(gateways(of: runtimeURL))
    }

    /// Of a gateway's replicas, the one whose fleet view is shown: the first that answers, else the first.
    static func spokesperson(_ replicas: [GatewayEndpoint]) -> GatewayEndpoint? {
        replicas.first { $0.fleet != nil && $0.health.state != .down } ?? replicas.first
    }

    /// Every gateway a runtime advertises (a context's replicas, each polled on its own).
    package func gateways(of runtimeURL: String) -> [GatewayEndpoint] {
        gateways.filter { $0.advertisedBy.contains(runtimeURL) }
    }

    /// Gateways no runtime shows: given with `--gateway` only, or a context's replicas of a release
    /// without a runtime there.
    package var unattachedGateways: [GatewayEndpoint] {
        gateways.filter { $0.advertisedBy.isEmpty }
    }

    /// Keeps the log ordered by (time, URL), so failures of one poll round, whose answers arrive
    /// concurrently in any order, are listed the same way on every run and under any load.
    mutating func logError(_ record: ErrorRecord) {
        var index = errors.endIndex
        while index > errors.startIndex, Self.sortsAfter(errors[index - 1], record) { index -= 1 }
        errors.insert(record, at: index)
        if errors.count > Self.errorLogLength { errors.removeFirst(errors.count - Self.errorLogLength) }
    }

    static func sortsAfter(_ a: ErrorRecord, _ b: ErrorRecord) -> Bool {
        a.time != b.time ? a.time > b.time : a.url > b.url
    }
}
