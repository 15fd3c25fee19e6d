import OrkAPI
import OrkStats

extension CRDSummary {
    /// The per-CRD summary of `/katalog` (also the base of `/katalog/{crd}`).
    init(_ crd: CRDSnapshot) {
        let api = crd.entry.api
        self.init(name: crd.key, description: crd.entry.description, group: api.group, version: api.storageVersion,
                  kind: api.kind, plural: api.plural, namespaced: api.namespaced, state: crd.state.rawValue,
                  stateReason: crd.stateReason, healthy: Self.isHealthy(crd),
                  dependsOn: crd.entry.dependsOn.map(\.crd), workers: crd.workers, workersBusy: crd.workersBusy,
                  queueDepth: crd.queue.depth, maxDepth: crd.maxDepth, resync: APIFormat.seconds(crd.resync),
                  resourceCount: crd.resourceCount, errorRate: APIFormat.rounded(crd.totals.errorRatePercent),
                  totalReconciles: APIFormat.count(crd.totals.total),
                  lastReconcile: APIFormat.timestamp(crd.totals.lastReconcileAt),
                  startedAt: APIFormat.timestamp(crd.startedAt))
    }

    /// `healthy` for a CRD: its health endpoint would answer 200 (healthy or pending).
    static func isHealthy(_ crd: CRDSnapshot) -> Bool {
        crd.state.httpStatus == 200
    }
}

extension CRDDependency {
    init(_ dependency: DependencySnapshot) {
        self.init(crd: dependency.crd, condition: dependency.condition.rawValue, state: dependency.state?.rawValue,
                  satisfied: dependency.satisfied)
    }
}
