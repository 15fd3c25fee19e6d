import OrkAPI
import OrkKatalog
import OrkStats

/// `GET /katalog/{crd}`: the CRD summary plus workers, queue, reconcile counters, RBAC,
/// dependencies and what its operatorBox declares.
enum CRDDetailResponse {
    static func respond(_ crd: CRDSnapshot, _ context: ResponseContext) -> APIResponse {
        context.json(200, CRDDetail(
            summary: CRDSummary(crd),
            workerDetails: crd.workerStates.enumerated().map { CRDDetail.Worker(id: $0, state: $1.rawValue) },
            queue: queue(crd.queue),
            reconcile: reconcile(crd),
            rbac: CRDDetail.RBAC(rules: crd.rbac.map(rule), totalRules: crd.rbac.count),
            dependencies: crd.dependencies.map(CRDDependency.init),
            operatorBox: operatorBox(crd.entry.operatorBox),
            validationRules: crd.entry.validation.count,
            mutationRules: crd.entry.mutation.rules.count,
            notifications: crd.notifications.map {
                CRDDetail.Notifications(sent: $0.sent, throttled: $0.throttled, failed: $0.failed, dropped: $0.dropped, pending: $0.pending)
            }))
    }

    static func queue(_ stats: WorkQueueStats) -> CRDDetail.Queue {
        CRDDetail.Queue(depth: stats.depth, eventDepth: stats.eventDepth, resyncDepth: stats.resyncDepth,
                        delayed: stats.delayed, processing: stats.processing, adds: APIFormat.count(stats.adds),
                        retries: APIFormat.count(stats.retries), drops: APIFormat.count(stats.drops),
                        droppedEvents: APIFormat.count(stats.droppedEvents),
                        droppedResyncs: APIFormat.count(stats.droppedResyncs),
                        droppedRetries: APIFormat.count(stats.droppedRetries), waitMs: WaitPercentiles(stats.waitTime))
    }

    static func reconcile(_ crd: CRDSnapshot) -> CRDDetail.Reconcile {
        let totals = crd.totals
        return CRDDetail.Reconcile(
            total: APIFormat.count(totals.total), succeeded: APIFormat.count(totals.succeeded),
            failed: APIFormat.count(totals.failed), consecutiveFailures: totals.consecutiveFailures,
            failureThreshold: crd.failureThreshold, errorRate: APIFormat.rounded(totals.errorRatePercent),
            lastError: totals.lastError, lastErrorAt: APIFormat.timestamp(totals.lastErrorAt),
            lastReconcile: APIFormat.timestamp(totals.lastReconcileAt), apiWrites: APIFormat.count(totals.apiWrites),
            childrenApplied: APIFormat.count(totals.childrenApplied),
            childrenDeleted: APIFormat.count(totals.childrenDeleted),
            childrenUnchanged: APIFormat.count(totals.childrenUnchanged), durationMs: DurationPercentiles(totals.duration))
    }

    static func rule(_ rule: PolicyRule) -> CRDDetail.RBAC.Rule {
        CRDDetail.RBAC.Rule(apiGroups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs,
                            resourceNames: rule.resourceNames)
    }

    static func operatorBox(_ box: OperatorBox) -> CRDDetail.OperatorBox {
        CRDDetail.OperatorBox(onCreate: kindCounts(box.onCreate), onReconcile: kindCounts(box.onReconcile),
                              onDelete: kindCounts(box.onDelete.allChildren), statusFields: box.status.fields.count,
                              finalizers: [OrkNames.finalizer] + box.finalizers)
    }

    /// `{deployments: 1, configMaps: 2}`: declared entries per child kind key.
    static func kindCounts(_ entries: [ChildEntry]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.kind.rawValue, default: 0] += 1 }
        return counts
    }
}
