import Foundation
import OrkCore
import Synchronization

/// `GET /katalog` and `GET /katalog/{crd}` of the gateway: this pod's counters (`scope=pod`) or the
/// whole fleet's — every replica behind the Service, asked concurrently with a short timeout,
/// summed, with one row per replica saying whether it answered and why not.
public final class FleetView: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStats
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

    public init(index: KatalogIndex, stats: GatewayStats, pod: PodIdentity, ownURL: String,
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

    /// This pod alone.
    public func podDocument(now: Date = Date()) -> JSONValue {
        let (crds, infra) = stats.snapshot()
        let row: JSONValue = ["pod": podJSON, "url": .string(ownURL), "reachable": true, "error": .null,
                              "totals": totals(crds, infra: infra)]
        return document(scope: "pod", crds: crds, infra: infra, replicas: [row], now: now)
    }

    /// Every replica, merged.
    public func fleetDocument(now: Date = Date()) async -> JSONValue {
        let (local, localInfra) = stats.snapshot()
        var merged = local, infra = localInfra
        var rows: [JSONValue] = [["pod": podJSON, "url": .string(ownURL), "reachable": true, "error": .null,
                                  "totals": totals(local, infra: localInfra)]]
        for (peer, result) in await fetchPeers() {
            let peerPod: JSONValue = ["name": peer.podName.map(JSONValue.string) ?? .null, "ip": .string(peer.ip)]
            switch result {
            case .success(let document):
                for row in document["crds"]?.arrayValue ?? [] {
                    guard let key = row["crd"]?.stringValue else { continue }
                    merged[key, default: WebhookCounters()].merge(StatsDocument.readCounters(row))
                }
                infra.merge(StatsDocument.readProtection(document["infraProtection"]))
                rows.append(["pod": document["pod"] ?? peerPod, "url": .string(peer.url), "reachable": true, "error": .null,
                             "totals": document["totals"] ?? .null])
            case .failure(let error):
                rows.append(["pod": peerPod, "url": .string(peer.url), "reachable": false, "error": .string(error.reason),
                             "totals": .null])
            }
        }
        return document(scope: "fleet", crds: merged, infra: infra, replicas: rows, now: now)
    }

    /// One CRD of the fleet (or of this pod), nil when the Katalog has no such key.
    public func crdDocument(_ key: String, scope: String, now: Date = Date()) async -> JSONValue? {
        guard index.katalog.crds.contains(where: { $0.key == key }) else { return nil }
        let whole = scope == "pod" ? podDocument(now: now) : await fleetDocument(now: now)
        guard case .object(var row) = (whole["crds"]?.arrayValue ?? []).first(where: { $0["crd"]?.stringValue == key }) else {
            return nil
        }
        row["pod"] = podJSON
        row["leader"] = .null
        row["scope"] = .string(scope)
        row["replicas"] = whole["replicas"] ?? []
        return .object(row)
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

    func document(scope: String, crds: [String: WebhookCounters], infra: ProtectionCounters, replicas: [JSONValue],
                  now: Date) -> JSONValue {
        let rows: [JSONValue] = index.katalog.crds.map { entry in
            var fields = StatsDocument.counters(crds[entry.key] ?? WebhookCounters(), features: features)
            fields["crd"] = .string(entry.key)
            fields["gvr"] = .string(KatalogIndex.gvr(entry))
            fields["kind"] = .string(entry.api.kind)
            return .object(fields)
        }
        return [
            "source": "gateway",
            "katalog": .string(index.katalog.metadata.name),
            "version": .string(OrkVersion.current),
            "scope": .string(scope),
            "pod": podJSON,
            "leader": .null,
            "features": features.json,
            "crds": .array(rows),
            "totals": totals(crds, infra: infra),
            "infraProtection": StatsDocument.protection(infra),
            "replicas": .array(replicas),
            "tls": tls.withLock { $0 },
            "uptimeSeconds": .int(APIFormat.seconds(from: started, to: now)),
        ]
    }
}
