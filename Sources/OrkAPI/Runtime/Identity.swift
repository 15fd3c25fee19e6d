/// The pod that answered a request (`pod` in every runtime and gateway body).
package struct PodRef: Codable, Sendable, Equatable {
    package var name: String?
    package var ip: String?

    package init(name: String?, ip: String?) {
        self.name = name
        self.ip = ip
    }
}

/// Who holds the runtime's leader Lease, as the answering pod last saw it (`leader`).
package struct LeaderRef: Codable, Sendable, Equatable {
    package var isLeader: Bool
    package var identity: String?
    package var endpoint: String?

    package init(isLeader: Bool, identity: String?, endpoint: String?) {
        self.isLeader = isLeader
        self.identity = identity
        self.endpoint = endpoint
    }
}
