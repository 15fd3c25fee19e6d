/// Every family of the runtime's `/metrics` with its help text: the one table the exporter takes
/// its `# HELP` lines from (docs/api.md lists the same families). Per-CRD series carry
/// `crd="<Katalog key>"`.
public enum RuntimeMetricFamilies {
    public static let info = "orkestra_runtime_info"
    public static let ready = "orkestra_runtime_ready"
    public static let leader = "orkestra_leader"
    public static let crdState = "orkestra_crd_state"
    public static let resources = "orkestra_resources"
    public static let workersConfigured = "orkestra_workers_configured"
    public static let workers = "orkestra_workers"
    public static let queueDepth = "orkestra_queue_depth"
    public static let queueAdds = "orkestra_queue_adds_total"
    public static let queueRetries = "orkestra_queue_retries_total"
    public static let queueDrops = "orkestra_queue_drops_total"
    public static let queueWait = "orkestra_queue_wait_seconds"
    public static let reconciles = "orkestra_reconcile_total"
    public static let reconcileDuration = "orkestra_reconcile_duration_seconds"
    public static let consecutiveFailures = "orkestra_consecutive_failures"
    public static let apiWrites = "orkestra_api_writes_total"
    public static let childrenApplied = "orkestra_children_applied_total"
    public static let childrenDeleted = "orkestra_children_deleted_total"
    public static let childrenUnchanged = "orkestra_children_unchanged_total"
    public static let notifications = "orkestra_notifications_posted_total"
    public static let shardMembers = "orkestra_shard_members"
    public static let shardCRs = "orkestra_shard_crs"
    public static let shardUnassigned = "orkestra_shard_unassigned"
    public static let shardDraining = "orkestra_shard_draining"
    public static let shardMoves = "orkestra_shard_moves_total"
    public static let shardMoveDuration = "orkestra_shard_move_duration_seconds"

    public static let descriptions: [MetricDescription] = [
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
        MetricDescription(shardMembers, help: "Sharding: live members of the ring, as this replica sees them."),
        MetricDescription(shardCRs, help: "Sharding: CRs labelled for each member."),
        MetricDescription(shardUnassigned, help: "Sharding: CRs without an owner yet."),
        MetricDescription(shardDraining, help: "Sharding: CRs whose owner was asked to let them go and has not yet."),
        MetricDescription(shardMoves, help: "Sharding: the coordinator's moves of buckets by kind (assign, reassign, drain, undrain) and CRs labelled with their bucket (label)."),
        MetricDescription(shardMoveDuration, help: "Sharding: from a drain request to the CR's assignment to its next owner."),
        MetricDescription(notifications, help: "Notifications posted to the gateway's /notify by result: sent, throttled (by the gateway), failed (after retries), dropped (outbox full)."),
    ]
}
