/// What an elector knows about leadership: whether it leads, and who leads as last observed on the
/// Lease (with that leader's HTTP endpoint), so followers can name the leader and forward to it.
public struct LeaderState: Sendable, Hashable {
    public var isLeader: Bool
    /// The Lease's holder as last observed; nil when nobody holds it (never acquired, or released).
    public var leaderIdentity: String?
    /// The holder's `orkestra.orkspace.io/leader-endpoint` annotation, when it recorded one.
    public var leaderEndpoint: String?

    public init(isLeader: Bool = false, leaderIdentity: String? = nil, leaderEndpoint: String? = nil) {
        self.isLeader = isLeader
        self.leaderIdentity = leaderIdentity
        self.leaderEndpoint = leaderEndpoint
    }
}

/// A change of leadership, as a `LeaseElector` reports it.
public enum LeadershipEvent: Sendable, Hashable {
    /// This elector acquired the Lease: start the work only the leader does.
    case startedLeading
    /// This elector lost the Lease (renewal failed within the renew deadline, someone else holds it,
    /// or the elector stopped): stop that work at once.
    case stoppedLeading
    /// The observed holder changed (nil: nobody holds the Lease).
    case newLeader(identity: String?, endpoint: String?)
}
