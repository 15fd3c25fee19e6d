/// A body with the `pod` that answered and, from a runtime, who leads (`leader` is null from a
/// gateway, whose replicas do not elect one): every runtime and gateway JSON answer carries both
/// next to its own fields.
package struct Answered<Body: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    package var body: Body
    package var pod: PodRef
    package var leader: LeaderRef?

    package init(_ body: Body, pod: PodRef, leader: LeaderRef?) {
        self.body = body
        self.pod = pod
        self.leader = leader
    }

    enum CodingKeys: String, CodingKey { case pod, leader }

    package init(from decoder: any Decoder) throws {
        body = try Body(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pod = try container.decode(PodRef.self, forKey: .pod)
        leader = try container.decodeIfPresent(LeaderRef.self, forKey: .leader)
    }

    package func encode(to encoder: any Encoder) throws {
        try body.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pod, forKey: .pod)
        try container.encodeIfPresent(leader, forKey: .leader)
    }
}
