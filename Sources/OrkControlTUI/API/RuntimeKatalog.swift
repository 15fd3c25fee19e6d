/// A runtime's `GET /katalog` body (docs/api.md §4): the Katalog, its cluster, leadership and one
/// summary per CRD.
public struct RuntimeKatalog: Codable, Sendable, Equatable {
    public var name: String
    public var version: String?
    public var description: String?
    public var clusterName: String?
    public var cluster: String
    public var runtimeVersion: String
    public var ready: Bool
    public var healthy: Bool
    public var status: Int
    public var degradedReason: String?
    public var statusCounts: StatusCounts
    public var gatewayEndpoint: String?
    public var startedAt: String?
    public var uptimeSeconds: Int
    public var crds: [CRDSummary]
    public var pod: PodRef
    public var leader: LeaderRef

    /// CRDs per state (`statusCounts`).
    public struct StatusCounts: Codable, Sendable, Equatable {
        public var healthy: Int
        public var degraded: Int
        public var pending: Int
        public var notStarted: Int
    }
}
