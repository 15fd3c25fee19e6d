import OrkCore

/// `GET /katalog/{crd}/health`: the CRD's state with HTTP status `CRDState.httpStatus` (200
/// healthy or pending, 503 degraded or not started).
enum CRDHealthResponse {
    static func respond(_ crd: CRDSnapshot, _ context: ResponseContext) -> APIResponse {
        let status = crd.state.httpStatus
        let uptime: JSONValue = crd.startedAt.map { .int(APIFormat.seconds(from: $0, to: context.now)) } ?? .null
        return context.json(status, [
            "name": .string(crd.key),
            "state": .string(crd.state.rawValue),
            "status": .int(status),
            "healthy": .bool(CRDSummaryJSON.isHealthy(crd)),
            "stateReason": APIFormat.string(crd.stateReason),
            "startedAt": APIFormat.timestamp(crd.startedAt),
            "uptimeSeconds": uptime,
            "queueDepth": .int(crd.queue.depth),
            "errorRate": APIFormat.number(crd.totals.errorRatePercent),
            "consecutiveFailures": .int(crd.totals.consecutiveFailures),
            "totalReconciles": APIFormat.count(crd.totals.total),
            "resourceCount": .int(crd.resourceCount),
            "lastError": APIFormat.string(crd.totals.lastError),
            "lastReconcile": APIFormat.timestamp(crd.totals.lastReconcileAt),
            "dependencies": DependencyJSON.list(crd.dependencies),
        ])
    }
}
