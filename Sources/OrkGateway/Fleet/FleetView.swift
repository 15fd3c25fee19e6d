import Foundation
import OrkCore
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
    private let tls = Mutex<JSONValue>(.null)

    public init(index: KatalogIndex, stats: GatewayStatsRecorder, pod: PodIdentity, ownURL: String,
                peers: (any PeerSource)?, fetcher: any PeerFetcher, started: Date = Date()) {
        self.index = index
        self.stats = stats
        self.features = GatewayFeatures(security: index.katalog.security)
        self.pod = pod
        self.own = Mutex(ownURL)
        self.peers = peers
        self.fetcher = fetcher
        self.started = started
    }

    public func setOwnURL(_ url: String) { own.withLock { $0 = url } }

    /// `{source, notAfter, caFingerprint}` of the serving certificate, for the documents.
    public func setTLS(_ value: JSONValue) { tls.withLock { $0 = value } }

    var podJSON: JSONValue { ["name": .string(pod.name), "ip": .string(pod.ip)] }

    // MARK: documents

    /// One replica's answer: its counters, or why it could not be read.
    struct ReplicaAnswer {
        var pod: JSONValue
        var url: String
        var error: String?
        var crds: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
    }

    /// This pod's own answer.
    func ownAnswer() -> ReplicaAnswer {
        let (crds, infra) = stats.snapshot()
        return ReplicaAnswer(pod: podJSON, url: ownURL, error: nil, crds: crds, infra: infra)
    }

    /// This pod first, then every peer (asked concurrently).
    func gather() async -> [ReplicaAnswer] {
        var answers = [ownAnswer()]
        for (peer, result) in await fetchPeers() {
            let peerPod: JSONValue = ["name": peer.podName.map(JSONValue.string) ?? .null, "ip": .string(peer.ip)]
            switch result {
            case .success(let document):
                var answer = ReplicaAnswer(pod: document["pod"] ?? peerPod, url: peer.url, error: nil)
                for row in document["crds"]?.arrayValue ?? [] {
                    guard let key = row["crd"]?.stringValue else { continue }
                    answer.crds[key] = StatsDocument.readCounters(row)
                }
                answer.infra = StatsDocument.readProtection(document["infraProtection"])
                answers.append(answer)
            case .failure(let error):
                answers.append(ReplicaAnswer(pod: peerPod, url: peer.url, error: error.reason))
            }
        }
        return answers
    }

    /// This pod alone.
    public func podDocument(now: Date = Date()) -> JSONValue {
        document(scope: "pod", answers: [ownAnswer()], now: now)
    }

    /// Every replica, merged.
    public func fleetDocument(now: Date = Date()) async -> JSONValue {
        document(scope: "fleet", answers: await gather(), now: now)
    }

    /// One CRD of the fleet (or of this pod), with each replica's counters for it (`stats`); nil when
    /// the Katalog has no such key.
    public func crdDocument(_ key: String, scope: String, now: Date = Date()) async -> JSONValue? {
        guard let entry = index.katalog.crds.first(where: { $0.key == key }) else { return nil }
        let answers = scope == "pod" ? [ownAnswer()] : await gather()
        var merged = WebhookCounters()
        var replicas: [JSONValue] = []
        for answer in answers {
            let counters = answer.crds[key] ?? WebhookCounters()
            if answer.error == nil { merged.merge(counters) }
            replicas.append(["pod": answer.pod, "url": .string(answer.url), "reachable": .bool(answer.error == nil),
                             "error": answer.error.map(JSONValue.string) ?? .null,
                             "stats": answer.error == nil ? .object(StatsDocument.counters(counters, features: features)) : .null])
        }
        var row = row(entry, merged)
        row["pod"] = podJSON
        row["leader"] = .null
        row["scope"] = .string(scope)
        row["replicas"] = .array(replicas)
        return .object(row)
    }

    func row(_ entry: CRDEntry, _ counters: WebhookCounters) -> [String: JSONValue] {
        var fields = StatsDocument.counters(counters, features: features)
        fields["crd"] = .string(entry.key)
        fields["gvr"] = .string(KatalogIndex.gvr(entry))
        fields["kind"] = .string(entry.api.kind)
        return fields
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

    func totals(_ crds: [String: WebhookCounters], infra: ProtectionCounters) -> JSONValue {
        var sum = WebhookCounters()
        for counters in crds.values { sum.merge(counters) }
        var fields = StatsDocument.counters(sum, features: features)
        fields["infraProtection"] = StatsDocument.protection(infra)
        return .object(fields)
    }

    func document(scope: String, answers: [ReplicaAnswer], now: Date) -> JSONValue {
        var merged: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
        var replicas: [JSONValue] = []
        for answer in answers {
            if answer.error == nil {
                for (key, counters) in answer.crds { merged[key, default: WebhookCounters()].merge(counters) }
                infra.merge(answer.infra)
            }
            replicas.append(["pod": answer.pod, "url": .string(answer.url), "reachable": .bool(answer.error == nil),
                             "error": answer.error.map(JSONValue.string) ?? .null,
                             "totals": answer.error == nil ? totals(answer.crds, infra: answer.infra) : .null])
        }
        return [
            "source": "gateway",
            "katalog": .string(index.katalog.metadata.name),
            "version": .string(OrkVersion.current),
            "scope": .string(scope),
            "pod": podJSON,
            "leader": .null,
            "features": features.json,
            "crds": .array(index.katalog.crds.map { .object(row($0, merged[$0.key] ?? WebhookCounters())) }),
            "totals": totals(merged, infra: infra),
            "infraProtection": StatsDocument.protection(infra),
            "replicas": .array(replicas),
            "tls": tls.withLock { $0 },
            "uptimeSeconds": .int(APIFormat.seconds(from: started, to: now)),
        ]
    }
}
