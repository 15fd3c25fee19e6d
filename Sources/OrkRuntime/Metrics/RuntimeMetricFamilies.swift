import OrkMetrics

/// Every family of the runtime's `/metrics` with its help text: the one table the exporter takes
/// its `# HELP` lines from (docs/api.md lists the same families). Per-CRD series carry
/// `crd="<Katalog key>"`.
enum RuntimeMetricFamilies {
    static let info = "orkestra_runtime_info"
    static let ready = "orkestra_runtime_ready"
    static let leader = "orkestra_leader"
    static let crdState = "orkestra_crd_state"
    static let resources = "orkestra_resources"
    static let workersConfigured = "orkestra_workers_configured"
    static let workers = "orkestra_workers"
    static let queueDepth = "orkestra_queue_depth"
    static let queueAdds = "orkestra_queue_adds_total"
    static let queueRetries = "orkestra_queue_retries_total"
    static let queueDrops = "orkestra_queue_drops_total"
    static let queueWait = "orkestra_queue_wait_seconds"
    static let reconciles = "orkestra_reconcile_total"
    static let reconcileDuration = "orkestra_reconcile_duration_seconds"
    static let consecutiveFailures = "orkestra_consecutive_failures"
    static let apiWrites = "orkestra_api_writes_total"
    static let childrenApplied = "orkestra_children_applied_total"
    static let childrenDeleted = "orkestra_children_deleted_total"
    static let childrenUnchanged = "orkestra_children_unchanged_total"

    static let descriptions: [MetricDescription] = [
        MetricDescription(info, help: "Runtime build and Katalog; always 1."),
        MetricDescription(ready, help: "1 when the runtime finished start-up, else 0."),
        MetricDescription(leader, help: "1 when this pod holds the leader lease, else 0."),
        MetricDescription(crdState, help: "1 for the CRD's current state, 0 for the others."),
        MetricDescription(resources, help: "Custom resources in the CRD's informer cache."),
        MetricDescription(workersConfigured, help: "Workers configured for the CRD."),
        MetricDescription(workers, help: "Workers by state: busy (reconciling) or idle."),
        MetricDescription(queueDepth, help: "Items waiting in the CRD's work queue (event and resync lanes)."),
        MetricDescription(queueAdds, help: "Items added to the work queue."),
        MetricDescription(queueRetries, help: "Items re-queued with backoff after a failed reconcile."),
        MetricDescription(queueDrops, help: "Items dropped because the queue was full."),
        MetricDescription(queueWait, help: "Time items waited in the queue before a worker took them."),
        MetricDescription(reconciles, help: "Reconciles by result."),
        MetricDescription(reconcileDuration, help: "Duration of reconciles."),
        MetricDescription(consecutiveFailures, help: "Reconcile failures since the CRD's last success."),
        MetricDescription(apiWrites, help: "API writes made by reconciles (apply, patch, create, delete)."),
        MetricDescription(childrenApplied, help: "Children applied because they changed or were missing."),
        MetricDescription(childrenDeleted, help: "Children deleted because their conditions stopped passing."),
        MetricDescription(childrenUnchanged, help: "Children skipped because their rendered hash matched."),
    ]
}
