import OrkAPI
import OrkStats

/// `GET /katalog/{crd}/health`: the CRD's state with HTTP status `CRDState.httpStatus` (200
/// healthy or pending, 503 degraded or not started).
enum CRDHealthResponse {
    static func respond(_ crd: CRDSnapshot, _ context: ResponseContext) -> APIResponse {
        let status = crd.state.httpStatus
        return context.json(status, CRDHealthStatus(
            name: crd.key, state: crd.state.rawValue, status: status, healthy: CRDSummary.isHealthy(crd),
            stateReason: crd.stateReason, startedAt: APIFormat.timestamp(crd.startedAt),
            uptimeSeconds: crd.startedAt.map { APIFormat.seconds(from: $0, to: context.now) },
            queueDepth: crd.queue.depth, errorRate: APIFormat.rounded(crd.totals.errorRatePercent),
            consecutiveFailures: crd.totals.consecutiveFailures, totalReconciles: APIFormat.count(crd.totals.total),
            resourceCount: crd.resourceCount, refusedByNamespace: crd.refusedByNamespace,
            lastError: crd.totals.lastError,
            lastReconcile: APIFormat.timestamp(crd.totals.lastReconcileAt),
            dependencies: crd.dependencies.map(CRDDependency.init)))
    }
}
