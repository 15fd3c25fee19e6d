/// What the coordinator does to one object, given its shard label, its drain label, the member the
/// ring wants for it and the live members. Moves between two live members go through a drain: the
/// coordinator marks the object, the old owner finishes its reconcile and acknowledges by removing
/// both labels, and only then does the object get its new owner (an unlabelled object is assigned
/// directly). An object of a member whose shard Lease expired is reassigned at once: that member's
/// writes stopped before its Lease could expire (its fence), so nobody reconciles it twice at once.
public enum ShardMove: Sendable, Hashable {
    /// Unassigned (no label, or the acknowledged end of a drain): label it for `to`.
    case assign(to: String)
    /// Its owner is live but no longer the ring's choice: ask it to let go.
    case drain
    /// Its owner is gone: label it for `to` (and drop a pending drain).
    case reassign(to: String)
    /// A drain asked earlier is no longer needed (the ring wants the current owner again).
    case undrain

    /// The move for one object; nil when nothing is to be done (it is where it belongs, its drain
    /// is waiting for the owner's acknowledgement, or there is no member to give it to).
    public static func decide(current: String?, draining: Bool, desired: String?, live: Set<String>) -> ShardMove? {
        guard let desired else { return nil }
        guard let current, !current.isEmpty else { return .assign(to: desired) }
        if current == desired { return draining ? .undrain : nil }
        if !live.contains(current) { return .reassign(to: desired) }
        return draining ? nil : .drain
    }
}
