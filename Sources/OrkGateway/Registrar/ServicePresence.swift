import Synchronization

/// Where this replica stands in its Service, as the registrar needs to know it.
public enum ReplicaPresence: Sendable, Hashable {
    /// Not listed yet: the replica is starting (the endpoints controller has not added its IP).
    case starting
    /// Listed in the Service's Endpoints (ready or not).
    case member
    /// Listed before and no longer (its pod is terminating, or the Service is gone): the replica is
    /// leaving and must not write, because the last replica may be removing the configurations.
    case leaving
}

/// Tracks this replica's presence in its Service's Endpoints. Kubernetes takes a terminating pod out
/// of the Endpoints before its container gets SIGTERM, and the last replica decides to remove the
/// webhook configurations from the same Endpoints: so a replica that sees itself gone cannot be one
/// the last replica counted on, and a repair it would start now would re-create what was removed.
public final class ServicePresence: Sendable {
    let peers: any PeerSource
    let ownIP: String
    private let seen = Mutex(false)

    public init(peers: any PeerSource, ownIP: String) {
        self.peers = peers
        self.ownIP = ownIP
    }

    /// Reads the Endpoints once. An error counts as absent: leaving once the replica was listed,
    /// else still starting.
    public func observe() async -> ReplicaPresence {
        let listed = (try? await peers.peers().contains { $0.ip == ownIP }) ?? false
        return seen.withLock { seen in
            if listed {
                seen = true
                return .member
            }
            return seen ? .leaving : .starting
        }
    }

    /// Polls until the replica is listed (so a replica deleted seconds after it started is known as
    /// leaving too), at most `attempts` times; the registrar's passes observe it from then on.
    public func watchUntilListed(every interval: Duration = .seconds(1), attempts: Int = 120) async {
        for _ in 0..<attempts {
            if await observe() != .starting { return }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
