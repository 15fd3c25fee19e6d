/// The pod that answered a request (`pod` in every runtime and gateway body).
public struct PodRef: Codable, Sendable, Equatable {
    public var name: String?
    public var ip: String?

    public init(name: String?, ip: String?) {
        self.name = name
        self.ip = ip
    }
}

/// Who holds the runtime's leader Lease, as the answering pod last saw it (`leader`).
public struct LeaderRef: Codable, Sendable, Equatable {
    public var isLeader: Bool
    public var identity: String?
    public var endpoint: String?

    public init(isLeader: Bool, identity: String?, endpoint: String?) {
        self.isLeader = isLeader
        self.identity = identity
        self.endpoint = endpoint
    }
}
