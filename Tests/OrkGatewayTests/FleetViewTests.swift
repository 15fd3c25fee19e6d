import Foundation
import OrkAPI
import OrkKatalog
import OrkStats
import OrkValue
import Testing
@testable import OrkGateway

/// The fleet view sums reachable replicas, merges histograms, and reports the unreachable with a reason.
struct FleetViewTests {
    /// Answers peers from fixed documents; an unknown URL is refused.
    struct FixedPeers: PeerFetcher {
        let documents: [String: JSONValue]
        func podStats(_ peer: Peer) async -> Result<JSONValue, PeerError> {
            documents[peer.url].map { .success($0) } ?? .failure(PeerError("refused"))
        }
    }

    static func view(pod: String, ip: String, peers: [String], documents: [String: JSONValue] = [:]) throws -> FleetView {
        let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
        return FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), pod: PodIdentity(name: pod, ip: ip),
                         ownURL: "http://\(ip):8080", peers: StaticPeers(urls: peers), fetcher: FixedPeers(documents: documents))
    }

    @Test func replicasSumAndTheUnreachableAreNamed() async throws {
        let b = try Self.view(pod: "gw-b", ip: "10.0.0.2", peers: [])
        for _ in 0..<2 {
            b.stats.record("website", .validation(allowed: false, warned: false, overBudget: false), elapsed: .milliseconds(30))
        }
        b.stats.recordInfra(denied: true)
        let peers = ["http://10.0.0.1:8080", "http://10.0.0.2:8080", "http://10.0.0.3:8080"]
        let a = try Self.view(pod: "gw-a", ip: "10.0.0.1", peers: peers,
                              documents: ["http://10.0.0.2:8080": try DocumentEncoder.encode(b.podDocument())])
        for _ in 0..<5 {
            a.stats.record("website", .validation(allowed: true, warned: false, overBudget: false), elapsed: .microseconds(200))
        }
        let fleet = await a.fleetDocument()
        #expect(fleet.scope == "fleet")
        let website = try #require(fleet.crds.first { $0.crd == "website" })
        #expect(website.validation?.total == 7)
        #expect(website.validation?.denied == 2)
        #expect(website.validation?.latency?.count == 7)
        #expect(website.gvr == "demo.orkestra.io/v1alpha1/websites")
        #expect(fleet.totals?.validation?.allowed == 5)
        #expect(fleet.infraProtection?.denied == 1)
        let replicas = fleet.replicas
        #expect(replicas.count == 3, "self, the reachable peer and the refused one; self is not fetched twice")
        #expect(replicas.map(\.reachable) == [true, true, false])
        #expect(replicas[1].pod.name == "gw-b")
        #expect(replicas[2].error == "refused" && replicas[2].totals == nil)
        // One CRD: each replica's own counters for it.
        let crd = try #require(await a.crdDocument("website", scope: "fleet"))
        #expect(crd.row.validation?.total == 7)
        #expect(crd.replicas.map { $0.stats?.validation?.total } == [5, 2, nil])
        // The pod scope is this pod alone.
        let own = a.podDocument()
        #expect(own.replicas.count == 1)
        #expect(own.totals?.validation?.total == 5)
        // A peer's answer that is not a gateway document is an unreachable replica, with the reason.
        let garbled = try Self.view(pod: "gw-c", ip: "10.0.0.1", peers: ["http://10.0.0.2:8080"],
                                    documents: ["http://10.0.0.2:8080": ["crds": "not a list"]])
        let garbledFleet = await garbled.fleetDocument()
        #expect(garbledFleet.replicas.map(\.reachable) == [true, false])
        #expect(garbledFleet.replicas.last?.error?.hasPrefix("answer is not a gateway document:") == true)
    }

    @Test func apiAnswersFleetPodAndCRDDocuments() async throws {
        let a = try Self.view(pod: "gw-a", ip: "10.0.0.1", peers: [])
        let api = GatewayAPI(fleet: a)
        let fleet = await api.respond(method: "GET", path: "/katalog", query: "")
        #expect(fleet.status == 200 && fleet.body.contains("\"scope\": \"fleet\""))
        let pod = await api.respond(method: "GET", path: "/katalog", query: "scope=pod")
        #expect(pod.body.contains("\"scope\": \"pod\""))
        let crd = try JSONValue.parse(await api.respond(method: "GET", path: "/katalog/website", query: "").body)
        #expect(crd["crd"] == "website" && crd["replicas"]?.arrayValue?.count == 1 && crd["leader"] == .null)
        #expect(await api.respond(method: "GET", path: "/katalog/nope", query: "").status == 404)
        #expect(await api.respond(method: "POST", path: "/katalog", query: "").status == 405)
        #expect(await api.respond(method: "GET", path: "/readyz", query: "").status == 503)
        api.setReady(true)
        #expect(await api.respond(method: "GET", path: "/readyz", query: "").status == 200)
        let metrics = await api.respond(method: "GET", path: "/metrics", query: "")
        #expect(metrics.body.contains("orkestra_webhook_requests_total{crd=\"website\",webhook=\"validation\",result=\"denied\"} 0"))
    }
}
