import Foundation
import OrkAPI
import OrkKatalog
import OrkKube
@testable import OrkRuntime
import OrkStats
import OrkValue

/// A runtime with fixed state for the API golden tests: four CRDs in the four states, CRs with a
/// child tree and events, fixed dates. Nothing depends on the wall clock.
struct FakeInspector: RuntimeInspector {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var fixedSnapshot: RuntimeSnapshot
    var katalog: Katalog
    /// CRs per CRD key; a key without an entry has no informer (nil).
    var resources: [String: [JSONValue]]
    /// Child trees by CR uid; a uid without an entry fails.
    var trees: [String: [ChildTreeNode]]
    /// Raw Kubernetes events by CR uid; a uid without an entry fails.
    var rawEvents: [String: [JSONValue]]
    /// The series recorded for `/metrics`, matching the snapshot's counters and histograms.
    var metrics: RuntimeMetrics

    func snapshot() -> RuntimeSnapshot { fixedSnapshot }

    func customResources(crd: String) -> [JSONValue]? { resources[crd] }

    func customResource(crd: String, namespace: String?, name: String) -> JSONValue? {
        resources[crd]?.first {
            $0.value(atDotted: "metadata.name")?.stringValue == name
                && $0.value(atDotted: "metadata.namespace")?.stringValue == namespace
        }
    }

    func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode] {
        let uid = customResource.value(atDotted: "metadata.uid")?.stringValue ?? ""
        guard let tree = trees[uid] else {
            throw Failure(description: "GET /apis/apps/v1/namespaces/shop/deployments: 403 Forbidden: deployments.apps is forbidden")
        }
        return tree
    }

    func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event] {
        let uid = customResource.value(atDotted: "metadata.uid")?.stringValue ?? ""
        guard let events = rawEvents[uid] else {
            throw Failure(description: "GET /api/v1/namespaces/shop/events: connection refused")
        }
        return EventJSON.newestFirst(events)
    }
}

extension FakeInspector {
    static let startedAt = date("2026-05-29T14:53:01Z")
    static let now = date("2026-05-29T15:05:15Z")

    static func date(_ text: String) -> Date {
        APIFormat.parseTimestamp(text) ?? Date(timeIntervalSince1970: 0)
    }

    /// The runtime of the golden files (ready, leader).
    static func standard(ready: Bool = true, leader: Bool = true) -> FakeInspector {
        let metadata = KatalogMetadata(name: "shop-operators", version: "1.4.0", description: "Operators of the web shop",
                                       clusterName: "prod-eu-1")
        let crds = [Fixtures.website(), Fixtures.database(), Fixtures.tenant(), Fixtures.cache()]
        let leaderState = leader
            ? LeaderState(isLeader: true, leaderIdentity: "orkestra-runtime-7c9d8-x2k4p", leaderEndpoint: "http://10.42.0.17:8080")
            : LeaderState(isLeader: false, leaderIdentity: "orkestra-runtime-7c9d8-q8w3z", leaderEndpoint: "http://10.42.1.9:8080")
        let snapshot = RuntimeSnapshot(
            katalog: metadata, pod: PodIdentity(name: "orkestra-runtime-7c9d8-x2k4p", ip: "10.42.0.17"), leader: leaderState,
            startedAt: startedAt, ready: ready, cluster: "https://10.96.0.1:443",
            gatewayEndpoint: "http://orkestra-gateway.orkestra-system.svc:8080", crds: crds)
        let katalog = Katalog(file: "katalog.yaml", sourceText: "", metadata: metadata, security: .init(),
                              notification: .init(), crds: crds.map(\.entry))
        return FakeInspector(
            fixedSnapshot: snapshot, katalog: katalog,
            resources: ["website": Fixtures.websites, "database": Fixtures.databases, "tenant": Fixtures.tenants],
            trees: [Fixtures.alphaUID: Fixtures.alphaTree, Fixtures.acmeUID: []],
            rawEvents: [Fixtures.alphaUID: Fixtures.alphaEvents, Fixtures.acmeUID: []],
            metrics: recorded(crds))
    }

    /// Records the fixture's counters and samples through each CRD's series, as its health and
    /// queue would have.
    static func recorded(_ crds: [CRDSnapshot]) -> RuntimeMetrics {
        let metrics = RuntimeMetrics(crds: crds.map(\.entry))
        func duration(_ milliseconds: Double) -> Duration { .microseconds(Int64((milliseconds * 1_000).rounded())) }
        for crd in crds {
            let series = metrics.crd(crd.entry)
            series.reconcile.succeeded.add(Int(crd.totals.succeeded))
            series.reconcile.failed.add(Int(crd.totals.failed))
            series.reconcile.apiWrites.add(Int(crd.totals.apiWrites))
            series.reconcile.childrenApplied.add(Int(crd.totals.childrenApplied))
            series.reconcile.childrenDeleted.add(Int(crd.totals.childrenDeleted))
            series.reconcile.childrenUnchanged.add(Int(crd.totals.childrenUnchanged))
            for sample in Fixtures.durations[crd.key] ?? [] { series.reconcile.duration.record(duration(sample)) }
            series.queue.adds.add(Int(crd.queue.adds))
            series.queue.retries.add(Int(crd.queue.retries))
            series.queue.drops.add(Int(crd.queue.drops))
            for sample in Fixtures.waits[crd.key] ?? [] { series.queue.wait.record(duration(sample)) }
        }
        return metrics
    }
}
