import AsyncHTTPClient
import OrkStats

/// What a stopping replica learned about one peer from its `GET /ready`.
public enum PeerServing: Sendable, Hashable {
    /// 200: it serves webhooks.
    case serving
    /// It answered not ready (it is starting or stopping too), or refused the connection.
    case stopped
    /// No answer in time, or an error that says nothing either way.
    case unknown(String)
}

/// Whether a replica that stops cleanly removes the webhook configurations.
public enum ShutdownCleanupDecision: Sendable, Hashable {
    case remove
    case keep(reason: String)

    /// Remove only when every other replica is known not to serve. A stopping replica turns its own
    /// `/ready` to 503 before it asks, so of two replicas stopping at once at least one sees the other
    /// stopped: the last one always removes, and none removes while another serves. `peers` is nil
    /// when they could not be listed: keep (the chart's uninstall hook removes what is left).
    public static func decide(peers: [(url: String, state: PeerServing)]?) -> ShutdownCleanupDecision {
        guard let peers else { return .keep(reason: "the other replicas could not be listed") }
        if let serving = peers.first(where: { $0.state == .serving }) {
            return .keep(reason: "\(serving.url) still serves")
        }
        for peer in peers {
            if case .unknown(let why) = peer.state { return .keep(reason: "\(peer.url) did not say whether it serves (\(why))") }
        }
        return .remove
    }
}

/// Asks a peer whether it serves.
public protocol PeerReadiness: Sendable {
    func serving(_ peer: Peer) async -> PeerServing
}

extension HTTPPeerFetcher: PeerReadiness {
    public func serving(_ peer: Peer) async -> PeerServing {
        let request = HTTPClientRequest(url: "\(peer.url)/ready")
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.milliseconds)))
            _ = try? await response.body.collect(upTo: 64 << 10)
            return response.status.code == 200 ? .serving : .stopped
        } catch {
            let reason = Self.reason(error, timeout: timeout)
            return reason == "refused" ? .stopped : .unknown(reason)
        }
    }
}

/// The last-replica check a stopping gateway runs: its peers (the Service's endpoints, or
/// `--peers`) other than itself, each asked `GET /ready` concurrently, all within `deadline`.
public struct LastReplicaCheck: Sendable {
    /// Well inside the pod's 30 s grace period: listing the endpoints goes through the client's
    /// retries (5 attempts of up to 30 s each), and a replica still deciding when the kubelet sends
    /// SIGKILL decides nothing and says nothing.
    public static let defaultDeadline: Duration = .seconds(10)

    public let peers: (any PeerSource)?
    public let readiness: any PeerReadiness
    public let ownURL: String
    public let deadline: Duration

    public init(peers: (any PeerSource)?, readiness: any PeerReadiness, ownURL: String,
                deadline: Duration = LastReplicaCheck.defaultDeadline) {
        self.peers = peers
        self.readiness = readiness
        self.ownURL = ownURL
        self.deadline = deadline
    }

    /// The decision, or keep when it is not known within ``deadline`` (the check is cancelled; the
    /// chart's uninstall hook removes what is left).
    public func decide() async -> ShutdownCleanupDecision {
        let deadline = deadline
        return await withTaskGroup(of: ShutdownCleanupDecision?.self) { group in
            group.addTask { await self.check() }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : .keep(reason: "the other replicas' state was not known within \(deadline)")
            }
            var decision = ShutdownCleanupDecision.keep(reason: "the check was cancelled")
            for await result in group {
                if let result {
                    decision = result
                    break
                }
            }
            group.cancelAll()
            return decision
        }
    }

    private func check() async -> ShutdownCleanupDecision {
        guard let peers else { return .decide(peers: []) }
        let list: [Peer]
        do {
            list = try await peers.peers().filter { $0.url != ownURL }
        } catch {
            return .decide(peers: nil)
        }
        let states = await withTaskGroup(of: (Int, String, PeerServing).self) { group in
            for (position, peer) in list.prefix(64).enumerated() {
                group.addTask { (position, peer.url, await readiness.serving(peer)) }
            }
            var results: [(Int, String, PeerServing)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map { (url: $0.1, state: $0.2) }
        }
        return .decide(peers: states)
    }
}
