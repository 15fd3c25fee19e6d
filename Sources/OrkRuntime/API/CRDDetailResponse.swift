import OrkCore

/// `GET /katalog/{crd}`: the CRD summary plus workers, queue, reconcile counters, RBAC,
/// dependencies and what its operatorBox declares.
enum CRDDetailResponse {
    static func respond(_ crd: CRDSnapshot, _ context: ResponseContext) -> APIResponse {
        var fields = CRDSummaryJSON.fields(crd)
        fields["workerDetails"] = .array(crd.workerStates.enumerated().map { index, state in
            ["id": .int(index), "state": .string(state.rawValue)]
        })
        fields["queue"] = queue(crd.queue)
        fields["reconcile"] = reconcile(crd)
        fields["rbac"] = [
            "rules": .array(crd.rbac.map(rule)),
            "totalRules": .int(crd.rbac.count),
        ]
        fields["dependencies"] = DependencyJSON.list(crd.dependencies)
        fields["operatorBox"] = operatorBox(crd.entry.operatorBox)
        fields["validationRules"] = .int(crd.entry.validation.count)
        fields["mutationRules"] = .int(crd.entry.mutation.rules.count)
        return context.json(200, fields)
    }

    static func queue(_ stats: WorkQueueStats) -> JSONValue {
        [
            "depth": .int(stats.depth),
            "eventDepth": .int(stats.eventDepth),
            "resyncDepth": .int(stats.resyncDepth),
            "delayed": .int(stats.delayed),
            "processing": .int(stats.processing),
            "adds": APIFormat.count(stats.adds),
            "retries": APIFormat.count(stats.retries),
            "drops": APIFormat.count(stats.drops),
            "droppedEvents": APIFormat.count(stats.droppedEvents),
            "droppedResyncs": APIFormat.count(stats.droppedResyncs),
            "droppedRetries": APIFormat.count(stats.droppedRetries),
            "waitMs": HistogramSummary.waitJSON(stats.waitTime),
        ]
    }

    static func reconcile(_ crd: CRDSnapshot) -> JSONValue {
        let totals = crd.totals
        return [
            "total": APIFormat.count(totals.total),
            "succeeded": APIFormat.count(totals.succeeded),
            "failed": APIFormat.count(totals.failed),
            "consecutiveFailures": .int(totals.consecutiveFailures),
            "failureThreshold": .int(crd.failureThreshold),
            "errorRate": APIFormat.number(totals.errorRatePercent),
            "lastError": APIFormat.string(totals.lastError),
            "lastErrorAt": APIFormat.timestamp(totals.lastErrorAt),
            "lastReconcile": APIFormat.timestamp(totals.lastReconcileAt),
            "apiWrites": APIFormat.count(totals.apiWrites),
            "childrenApplied": APIFormat.count(totals.childrenApplied),
            "childrenDeleted": APIFormat.count(totals.childrenDeleted),
            "childrenUnchanged": APIFormat.count(totals.childrenUnchanged),
            "durationMs": HistogramSummary.durationJSON(totals.duration),
        ]
    }

    static func rule(_ rule: PolicyRule) -> JSONValue {
        [
            "apiGroups": .array(rule.apiGroups.map(JSONValue.string)),
            "resources": .array(rule.resources.map(JSONValue.string)),
            "verbs": .array(rule.verbs.map(JSONValue.string)),
            "resourceNames": .array(rule.resourceNames.map(JSONValue.string)),
        ]
    }

    static func operatorBox(_ box: OperatorBox) -> JSONValue {
        [
            "onCreate": kindCounts(box.onCreate),
            "onReconcile": kindCounts(box.onReconcile),
            "onDelete": kindCounts(box.onDelete.allChildren),
            "statusFields": .int(box.status.fields.count),
            "finalizers": .array(([OrkNames.finalizer] + box.finalizers).map(JSONValue.string)),
        ]
    }

    /// `{deployments: 1, configMaps: 2}`: declared entries per child kind key.
    static func kindCounts(_ entries: [ChildEntry]) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for entry in entries {
            counts[entry.kind.rawValue] = .int((counts[entry.kind.rawValue]?.intValue ?? 0) + 1)
        }
        return .object(counts)
    }
}
