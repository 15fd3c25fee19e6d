import FoundationEssentials
import OrkKatalog
import OrkKube
import OrkAPI
import OrkStats

/// A consistent view of the whole runtime: Katalog metadata, who answered, who leads, and every CRD.
public struct RuntimeSnapshot: Sendable {
    public var katalog: KatalogMetadata
    public var pod: PodIdentity
    public var leader: LeaderState
    public var startedAt: Date
    /// The process finished start-up (Katalog loaded, HTTP serving, controllers created).
    public var ready: Bool
    /// The API server this runtime talks to (its URL), or "sandbox" for the embedded one.
    public var cluster: String
    /// The companion gateway's base URL, when configured (`ORK_GATEWAY_ENDPOINT`).
    public var gatewayEndpoint: String?
    public var crds: [CRDSnapshot]
    /// With sharding: the shards as this replica sees them.
    package var shards: ShardStatus?

    public init(katalog: KatalogMetadata, pod: PodIdentity, leader: LeaderState, startedAt: Date, ready: Bool,
                cluster: String, gatewayEndpoint: String? = nil, crds: [CRDSnapshot]) {
        self.katalog = katalog
        self.pod = pod
        self.leader = leader
        self.startedAt = startedAt
        self.ready = ready
        self.cluster = cluster
        self.gatewayEndpoint = gatewayEndpoint
        self.crds = crds
    }

    public func crd(_ key: String) -> CRDSnapshot? { crds.first { $0.key == key } }
}
