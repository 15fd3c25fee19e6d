/// The shard members a replica knows of, from the shard Leases it observes (each replica holds one,
/// labelled with its ring). A member is live while its Lease has a holder and its record changed
/// (a renewal) within the Lease's duration of when this replica saw the change, on this replica's
/// monotonic clock: like leader election, it never compares the Lease's times with its own wall
/// clock. A Lease first seen counts as just renewed, so a coordinator that starts late waits one
/// Lease duration before it declares a silent member gone.
public struct ShardMembers: Sendable {
    struct Observation: Sendable {
        var holder: String
        var renewTime: String
        var duration: Duration
        var changedAt: ContinuousClock.Instant
    }

    private var leases: [String: Observation] = [:]

    public init() {}

    /// Records the Lease named `lease` as read at `now`; `changed` only when holder or renewal differs.
    public mutating func observe(lease: String, holder: String, renewTime: String, durationSeconds: Int,
                                 at now: ContinuousClock.Instant) {
        let duration = Duration.seconds(max(1, durationSeconds))
        if var known = leases[lease], known.holder == holder, known.renewTime == renewTime {
            known.duration = duration
            leases[lease] = known
            return
        }
        leases[lease] = Observation(holder: holder, renewTime: renewTime, duration: duration, changedAt: now)
    }

    /// The Lease was deleted.
    public mutating func forget(lease: String) {
        leases.removeValue(forKey: lease)
    }

    /// The members whose Leases are held and renewed within their duration as of `now`.
    public func live(at now: ContinuousClock.Instant) -> Set<String> {
        var members = Set<String>()
        for observation in leases.values where !observation.holder.isEmpty && now - observation.changedAt < observation.duration {
            members.insert(observation.holder)
        }
        return members
    }

    /// How long until the first live member lapses (unless renewed meanwhile), as of `now`; nil
    /// when none is live. The coordinator's next pass waits no longer: a dead member's buckets are
    /// reassigned the moment its Lease expires.
    public func nextLapse(at now: ContinuousClock.Instant) -> Duration? {
        var next: Duration?
        for observation in leases.values where !observation.holder.isEmpty {
            let left = observation.duration - (now - observation.changedAt)
            guard left > .zero else { continue }
            next = min(next ?? left, left)
        }
        return next.map { $0 + .milliseconds(1) }
    }

    /// The Leases observed.
    public var leaseNames: [String] { leases.keys.sorted() }

    /// The Leases not renewed for `age` (released or expired long ago): the coordinator deletes them.
    public func stale(olderThan age: Duration, at now: ContinuousClock.Instant) -> [String] {
        leases.filter { now - $0.value.changedAt >= age }.map(\.key).sorted()
    }
}
