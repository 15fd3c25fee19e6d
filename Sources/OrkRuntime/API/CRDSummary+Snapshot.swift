import OrkCore

/// The per-CRD summary of `/katalog` (also the base of `/katalog/{crd}`).
enum CRDSummaryJSON {
    /// `healthy` for a CRD: its health endpoint would answer 200 (healthy or pending).
    static func isHealthy(_ crd: CRDSnapshot) -> Bool {
        crd.state.httpStatus == 200
    }

    static func fields(_ crd: CRDSnapshot) -> [String: JSONValue] {
        let api = crd.entry.api
        return [
            "name": .string(crd.key),
            "description": APIFormat.string(crd.entry.description),
            "group": .string(api.group),
            "version": .string(api.storageVersion),
            "kind": .string(api.kind),
            "plural": .string(api.plural),
            "namespaced": .bool(api.namespaced),
            "state": .string(crd.state.rawValue),
            "stateReason": APIFormat.string(crd.stateReason),
            "healthy": .bool(isHealthy(crd)),
            "dependsOn": .array(crd.entry.dependsOn.map { .string($0.crd) }),
            "workers": .int(crd.workers),
            "workersBusy": .int(crd.workersBusy),
            "queueDepth": .int(crd.queue.depth),
            "maxDepth": .int(crd.maxDepth),
            "resync": .double(APIFormat.seconds(crd.resync)),
            "resourceCount": .int(crd.resourceCount),
            "errorRate": APIFormat.number(crd.totals.errorRatePercent),
            "totalReconciles": APIFormat.count(crd.totals.total),
            "lastReconcile": APIFormat.timestamp(crd.totals.lastReconcileAt),
            "startedAt": APIFormat.timestamp(crd.startedAt),
        ]
    }
}
