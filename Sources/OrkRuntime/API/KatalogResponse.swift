import OrkCore

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
        return context.json(200, [
            "name": .string(snapshot.katalog.name),
            "version": APIFormat.string(snapshot.katalog.version),
            "description": APIFormat.string(snapshot.katalog.description),
            "clusterName": APIFormat.string(snapshot.katalog.clusterName),
            "cluster": .string(snapshot.cluster),
            "runtimeVersion": .string(OrkVersion.current),
            "ready": .bool(snapshot.ready),
            "healthy": .bool(healthy),
            "status": .int(healthy ? 200 : 503),
            "degradedReason": healthy ? .null : .string(reasons.joined(separator: ", ")),
            "statusCounts": [
                "healthy": .int(count(.healthy)),
                "degraded": .int(count(.degraded)),
                "pending": .int(count(.pending)),
                "notStarted": .int(count(.notStarted)),
            ],
            "gatewayEndpoint": APIFormat.string(snapshot.gatewayEndpoint),
            "startedAt": .string(APIFormat.timestamp(snapshot.startedAt)),
            "uptimeSeconds": .int(APIFormat.seconds(from: snapshot.startedAt, to: context.now)),
            "crds": .array(crds.map { .object(CRDSummaryJSON.fields($0)) }),
        ])
    }
}
