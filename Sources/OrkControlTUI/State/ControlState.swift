import Foundation

/// Everything the poller knows, as one value: what the views render and `--once` prints.
public struct ControlState: Sendable, Equatable {
    public static let errorLogLength = 500

    public var runtimes: [RuntimeEndpoint]
    public var gateways: [GatewayEndpoint]
    /// Newest last, at most `errorLogLength`.
    public var errors: [ErrorRecord] = []
    public var crdDetails: [String: Loaded<CRDDetail>] = [:]
    public var crLists: [String: Loaded<CRList>] = [:]
    public var crDetails: [String: Loaded<CRDetail>] = [:]
    public var crEvents: [String: Loaded<CREvents>] = [:]
    public var gatewayCRDs: [String: Loaded<GatewayCRD>] = [:]
    public var lastPoll: Date?
    public var polls: Int = 0
    public var paused = false

    public init(runtimeURLs: [String], gatewayURLs: [String]) {
        runtimes = runtimeURLs.map(RuntimeEndpoint.init(url:))
        gateways = gatewayURLs.map { GatewayEndpoint(url: $0, advertisedBy: [], explicit: true) }
    }

    public func runtime(_ url: String) -> RuntimeEndpoint? {
        runtimes.first { $0.url == url }
    }

    /// The gateway a runtime advertises, when it is known.
    public func gateway(of runtimeURL: String) -> GatewayEndpoint? {
        gateways.first { $0.advertisedBy.contains(runtimeURL) }
    }

    /// Gateways nobody advertises: given with `--gateway` only.
    public var unattachedGateways: [GatewayEndpoint] {
        gateways.filter { $0.advertisedBy.isEmpty }
    }

    mutating func logError(_ record: ErrorRecord) {
        errors.append(record)
        if errors.count > Self.errorLogLength { errors.removeFirst(errors.count - Self.errorLogLength) }
    }
}
