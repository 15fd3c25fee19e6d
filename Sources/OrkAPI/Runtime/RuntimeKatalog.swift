/// A runtime's `GET /katalog` body (docs/api.md §4): the Katalog, its cluster, leadership and one
/// summary per CRD.
package struct RuntimeKatalog: Codable, Sendable, Equatable {
    package var name: String
    package var version: String?
    package var description: String?
    package var clusterName: String?
    package var cluster: String
    package var runtimeVersion: String
    package var ready: Bool
    package var healthy: Bool
    package var status: Int
    package var degradedReason: String?
    package var statusCounts: StatusCounts
    package var gatewayEndpoint: String?
    package var startedAt: String?
    package var uptimeSeconds: Int
    package var crds: [CRDSummary]
    package var pod: PodRef
    package var leader: LeaderRef

    /// CRDs per state (`statusCounts`).
    package struct StatusCounts: Codable, Sendable, Equatable {
        package var healthy: Int
        package var degraded: Int
        package var pending: Int
        package var notStarted: Int
    }
}
