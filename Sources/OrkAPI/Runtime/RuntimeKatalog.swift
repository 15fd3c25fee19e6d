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
    /// Which CRDs are degraded or not started, when not `healthy`.
    package var degradedReason: String?
    package var statusCounts: StatusCounts
    package var gatewayEndpoint: String?
    package var startedAt: String
    package var uptimeSeconds: Int
    package var crds: [CRDSummary]
    package var pod: PodRef
    package var leader: LeaderRef
    /// With sharding on: the shards (absent without).
    package var shards: ShardStatus?

    package init(name: String, version: String?, description: String?, clusterName: String?, cluster: String,
                 runtimeVersion: String, ready: Bool, healthy: Bool, status: Int, degradedReason: String?,
                 statusCounts: StatusCounts, gatewayEndpoint: String?, startedAt: String, uptimeSeconds: Int,
                 crds: [CRDSummary], pod: PodRef, leader: LeaderRef, shards: ShardStatus? = nil) {
        self.name = name
        self.version = version
        self.description = description
        self.clusterName = clusterName
        self.cluster = cluster
        self.runtimeVersion = runtimeVersion
        self.ready = ready
        self.healthy = healthy
        self.status = status
        self.degradedReason = degradedReason
        self.statusCounts = statusCounts
        self.gatewayEndpoint = gatewayEndpoint
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.crds = crds
        self.pod = pod
        self.leader = leader
        self.shards = shards
    }

    /// CRDs per state (`statusCounts`).
    package struct StatusCounts: Codable, Sendable, Equatable {
        package var healthy: Int
        package var degraded: Int
        package var pending: Int
        package var notStarted: Int

        package init(healthy: Int, degraded: Int, pending: Int, notStarted: Int) {
            self.healthy = healthy
            self.degraded = degraded
            self.pending = pending
            self.notStarted = notStarted
        }
    }
}
