import Foundation

/// Everything the poller knows, as one value: what the views render and `--once` prints.
public struct ControlState: Sendable, Equatable {
    public static let errorLogLength = 500

    public var runtimes: [RuntimeEndpoint]
    public var gateways: [GatewayEndpoint]
    /// Oldest first by time, then URL; at most `errorLogLength`.
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
