import FoundationEssentials
import OrkAPI
import OrkKatalog
import OrkStats
import OrkValue
import Synchronization

/// `GET /katalog` and `GET /katalog/{crd}` of the gateway: this pod's counters (`scope=pod`) or the
/// whole fleet's — every replica behind the Service, asked concurrently with a short timeout,
/// summed, with one row per replica saying whether it answered and why not.
public final class FleetView: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStatsRecorder
    public let features: GatewayFeatures
    public let pod: PodIdentity
    /// This pod's own base URL (matched against peers so it is never fetched over the network);
    /// set again once the server has bound its port.
    public var ownURL: String { own.withLock { $0 } }
    private let own: Mutex<String>
    let peers: (any PeerSource)?
    let fetcher: any PeerFetcher
    let started: Date
    private let tls = Mutex<GatewayFleet.TLS?>(nil)

    public init(index: KatalogIndex, stats: GatewayStatsRecorder, pod: PodIdentity, ownURL: String,
                peers: (any PeerSource)?, fetcher: any PeerFetcher, started: Date = Date()) {
        self.index = index
        self.stats = stats
        self.features = GatewayFeatures(security: index.katalog.security)
        stats.metrics.prepare(index.katalog, features: features)
        self.pod = pod
        self.own = Mutex(ownURL)
        self.peers = peers
        self.fetcher = fetcher
        self.started = started
    }

    public func setOwnURL(_ url: String) { own.withLock { $0 = url } }

    /// `{source, notAfter, caFingerprint}` of the serving certificate, for the documents.
    package func setTLS(_ value: GatewayFleet.TLS) { tls.withLock { $0 = value } }

    var podRef: PodRef { PodRef(name: pod.name, ip: pod.ip) }

    // MARK: documents

    /// One replica's answer: its counters, or why it could not be read.
    struct ReplicaAnswer {
        var pod: PodRef
        var url: String
        var error: String?
        var crds: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
    }

    /// This pod's own answer.
    func ownAnswer() -> ReplicaAnswer {
        let (crds, infra) = stats.snapshot()
        return ReplicaAnswer(pod: podRef, url: ownURL, error: nil, crds: crds, infra: infra)
    }

    /// This pod first, then every peer (asked concurrently).
    func gather() async -> [ReplicaAnswer] {
        var answers = [ownAnswer()]
        for (peer, result) in await fetchPeers() {
            let peerPod = PodRef(name: peer.podName, ip: peer.ip)
            switch result.flatMap(Self.decodePeer) {
            case .success(let document):
                var answer = ReplicaAnswer(pod: document.pod, url: peer.url, error: nil)
                for row in document.crds { answer.crds[row.crd] = StatsDocument.counters(row) }
                answer.infra = StatsDocument.protection(document.infraProtection)
                answers.append(answer)
            case .failure(let error):
                answers.append(ReplicaAnswer(pod: peerPod, url: peer.url, error: error.reason))
            }
        }
        return answers
    }

    /// A peer's `?scope=pod` answer as the type that wrote it.
    static func decodePeer(_ json: JSONValue) -> Result<GatewayFleet, PeerError> {
        do {
            return .success(try DocumentDecoder.decode(GatewayFleet.self, from: json))
        } catch {
            return .failure(PeerError("answer is not a gateway document: \(error)"))
        }
    }

    /// This pod alone.
    package func podDocument(now: Date = Date()) -> GatewayFleet {
        document(scope: "pod", answers: [ownAnswer()], now: now)
    }

    /// Every replica, merged.
    package func fleetDocument(now: Date = Date()) async -> GatewayFleet {
        document(scope: "fleet", answers: await gather(), now: now)
    }

    /// One CRD of the fleet (or of this pod), with each replica's counters for it (`stats`); nil when
    /// the Katalog has no such key.
    package func crdDocument(_ key: String, scope: String, now: Date = Date()) async -> GatewayCRD? {
        guard let entry = index.katalog.crds.first(where: { $0.key == key }) else { return nil }
        let answers = scope == "pod" ? [ownAnswer()] : await gather()
        var merged = WebhookCounters()
        var replicas: [GatewayCRD.Replica] = []
        for answer in answers {
            let counters = answer.crds[key] ?? WebhookCounters()
            if answer.error == nil { merged.merge(counters) }
            replicas.append(GatewayCRD.Replica(
                url: answer.url, pod: answer.pod, reachable: answer.error == nil, error: answer.error,
                stats: answer.error == nil ? StatsDocument.sections(counters, features: features) : nil))
        }
        return GatewayCRD(row: StatsDocument.row(entry, merged, features: features), scope: scope, pod: podRef,
                          leader: nil, replicas: replicas)
    }

    // MARK: parts

    private func fetchPeers() async -> [(Peer, Result<JSONValue, PeerError>)] {
        guard let peers else { return [] }
        let list: [Peer]
        do {
            list = try await peers.peers()
        } catch {
            return [(Peer(url: "(peers)", ip: ""), .failure(PeerError("cannot list peers: \(error)")))]
        }
        let others = list.filter { $0.url != ownURL }
        return await withTaskGroup(of: (Int, Peer, Result<JSONValue, PeerError>).self) { group in
            for (position, peer) in others.enumerated() {
                group.addTask {
                    guard peer.ready else { return (position, peer, .failure(PeerError("not ready"))) }
                    return (position, peer, await self.fetcher.podStats(peer))
                }
            }
            var results: [(Int, Peer, Result<JSONValue, PeerError>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
        }
    }

    func totals(_ crds: [String: WebhookCounters], infra: ProtectionCounters) -> GatewayStats {
        var sum = WebhookCounters()
        for counters in crds.values { sum.merge(counters) }
        var totals = StatsDocument.sections(sum, features: features)
        totals.infraProtection = StatsDocument.protection(infra)
        return totals
    }

    func document(scope: String, answers: [ReplicaAnswer], now: Date) -> GatewayFleet {
        var merged: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
        var replicas: [GatewayFleet.Replica] = []
        for answer in answers {
            if answer.error == nil {
                for (key, counters) in answer.crds { merged[key, default: WebhookCounters()].merge(counters) }
                infra.merge(answer.infra)
            }
            replicas.append(GatewayFleet.Replica(
                url: answer.url, pod: answer.pod, reachable: answer.error == nil, error: answer.error,
                totals: answer.error == nil ? totals(answer.crds, infra: answer.infra) : nil))
        }
        return GatewayFleet(
            source: "gateway", katalog: index.katalog.metadata.name, version: OrkVersion.current, scope: scope,
            pod: podRef, leader: nil, features: features.document,
            crds: index.katalog.crds.map { StatsDocument.row($0, merged[$0.key] ?? WebhookCounters(), features: features) },
            totals: totals(merged, infra: infra), infraProtection: StatsDocument.protection(infra), replicas: replicas,
            tls: tls.withLock { $0 }, uptimeSeconds: APIFormat.seconds(from: started, to: now))
    }
}
