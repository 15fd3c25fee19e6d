import OrkAPI
import OrkKatalog
import OrkStats

/// `GET /katalog`: the runtime summary — Katalog metadata, cluster, readiness, health counts, who
/// answered and who leads, and one summary per CRD.
enum KatalogResponse {
    static func respond(_ context: ResponseContext) -> APIResponse {
        let snapshot = context.snapshot
        let crds = snapshot.crds
        func count(_ state: CRDState) -> Int { crds.filter { $0.state == state }.count }
        let degraded = crds.filter { $0.state == .degraded }.map(\.key)
        let notStarted = crds.filter { $0.state == .notStarted }.map(\.key)
        let healthy = degraded.isEmpty && notStarted.isEmpty
        var reasons: [String] = []
        if !degraded.isEmpty { reasons.append("\(degraded.count) degraded (\(degraded.joined(separator: ", ")))") }
        if !notStarted.isEmpty { reasons.append("\(notStarted.count) not started (\(notStarted.joined(separator: ", ")))") }
        return context.json(200, RuntimeKatalog(
            name: snapshot.katalog.name, version: snapshot.katalog.version,
            description: snapshot.katalog.description, clusterName: snapshot.katalog.clusterName,
            cluster: snapshot.cluster, runtimeVersion: OrkVersion.current, ready: snapshot.ready, healthy: healthy,
            status: healthy ? 200 : 503, degradedReason: healthy ? nil : reasons.joined(separator: ", "),
            statusCounts: RuntimeKatalog.StatusCounts(healthy: count(.healthy), degraded: count(.degraded),
                                                      pending: count(.pending), notStarted: count(.notStarted)),
            gatewayEndpoint: snapshot.gatewayEndpoint, startedAt: APIFormat.timestamp(snapshot.startedAt),
            uptimeSeconds: APIFormat.seconds(from: snapshot.startedAt, to: context.now),
            crds: crds.map(CRDSummary.init), pod: context.pod, leader: context.leader, shards: snapshot.shards))
    }
}
