import Foundation
import OrkKatalog
import OrkKube
@testable import OrkRuntime
import OrkStats
import OrkTemplate

/// The CRDs, CRs, child tree and events of ``FakeInspector``.
enum Fixtures {
    static let alphaUID = "4f7a1c2e-0b6d-4e59-9a3f-1d2c3b4a5e6f"
    static let acmeUID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

    static func api(_ kind: String, _ plural: String, namespaced: Bool = true) -> CRDInfo {
        CRDInfo(group: "demo.orkestra.io", kind: kind, plural: plural, namespaced: namespaced,
                versions: [CRDVersion(name: "v1", storage: true)])
    }

    /// Reconcile durations and queue waits (milliseconds) per CRD: the snapshot's histograms and
    /// the series recorded for `/metrics` are made from the same samples.
    static let durations: [String: [Double]] = [
        "website": [3, 4, 4.5, 8, 9, 12, 30, 45, 80, 300], "database": [15, 22, 700, 2_000, 70_000],
    ]
    static let waits: [String: [Double]] = ["website": [0.05, 0.3, 0.4, 0.8, 1.5, 3, 7, 20, 40, 120]]

    static func histogram(_ samples: [Double]) -> LatencyHistogram {
        var histogram = LatencyHistogram()
        for sample in samples { histogram.record(milliseconds: sample) }
        return histogram
    }

    static func website() -> CRDSnapshot {
        let box = OperatorBox(
            reconciler: .init(workers: 3),
            onCreate: [ChildEntry(kind: .deployments), ChildEntry(kind: .services), ChildEntry(kind: .configMaps),
                       ChildEntry(kind: .configMaps, name: "{{ .metadata.name }}-nginx")],
            onReconcile: [ChildEntry(kind: .deployments, reconcile: true)],
            onDelete: DeleteSettings(groups: [DeleteGroup(children: [ChildEntry(kind: .jobs)])]),
            status: StatusSettings(fields: [StatusField(path: "phase", value: "Running"), StatusField(path: "url", value: "x")]),
            finalizers: ["demo.orkestra.io/dns"])
        let entry = CRDEntry(
            key: "website", description: "Static websites served by nginx", api: api("Website", "websites"),
            dependsOn: [Dependency(crd: "database", condition: .started)],
            validation: [ValidationRule(check: Condition(field: "spec.image", op: .prefix, operand: "registry.internal/"),
                                        message: "images come from the internal registry")],
            mutation: MutationSettings(rules: [MutationRule(field: "spec.replicas", value: 2, mode: .default),
                                               MutationRule(field: "spec.tier", value: "web", mode: .override)]),
            operatorBox: box)
        var queue = WorkQueueStats()
        queue.eventDepth = 2
        queue.resyncDepth = 1
        queue.delayed = 1
        queue.processing = 1
        queue.adds = 431
        queue.retries = 3
        queue.drops = 2
        queue.droppedResyncs = 2
        queue.waitTime = histogram(waits["website"] ?? [])
        var totals = ReconcileTotals()
        totals.succeeded = 117
        totals.failed = 3
        totals.lastError = "apply Deployment shop/beta-web: 409 Conflict: the object has been modified"
        totals.lastErrorAt = FakeInspector.date("2026-05-29T15:01:40Z")
        totals.lastReconcileAt = FakeInspector.date("2026-05-29T15:05:14Z")
        totals.apiWrites = 58
        totals.childrenApplied = 41
        totals.childrenDeleted = 2
        totals.childrenUnchanged = 395
        totals.duration = histogram(durations["website"] ?? [])
        let rbac = [
            PolicyRule(apiGroups: ["demo.orkestra.io"], resources: ["websites"], verbs: ["get", "list", "watch", "update", "patch"]),
            PolicyRule(apiGroups: ["demo.orkestra.io"], resources: ["websites/status"], verbs: ["get", "update", "patch"]),
            PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]),
            PolicyRule(apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["shop-settings"]),
        ]
        return CRDSnapshot(
            key: "website", entry: entry, state: .healthy, startedAt: FakeInspector.date("2026-05-29T14:53:04Z"),
            workers: 3, workerStates: [.processing, .idle, .idle], queue: queue, maxDepth: 100, resync: .seconds(15),
            failureThreshold: 5, resourceCount: 3, totals: totals,
            dependencies: [DependencySnapshot(crd: "database", condition: .started, state: .degraded, satisfied: true)],
            rbac: rbac)
    }

    static func database() -> CRDSnapshot {
        let entry = CRDEntry(key: "database", description: "PostgreSQL databases", api: api("Database", "databases"),
                             operatorBox: OperatorBox(onCreate: [ChildEntry(kind: .statefulSets), ChildEntry(kind: .secrets)]))
        var totals = ReconcileTotals()
        totals.succeeded = 4
        totals.failed = 6
        totals.consecutiveFailures = 6
        totals.lastError = "apply StatefulSet shop/main-db: 422 Invalid: spec.replicas: must be >= 0 (\"quoted\")"
        totals.lastErrorAt = FakeInspector.date("2026-05-29T15:05:02Z")
        totals.lastReconcileAt = FakeInspector.date("2026-05-29T15:05:02Z")
        totals.apiWrites = 4
        totals.childrenApplied = 4
        totals.duration = histogram(durations["database"] ?? [])
        var queue = WorkQueueStats()
        queue.delayed = 1
        queue.adds = 12
        queue.retries = 6
        return CRDSnapshot(
            key: "database", entry: entry, state: .degraded, stateReason: "6 consecutive reconcile failures",
            startedAt: FakeInspector.date("2026-05-29T14:53:03Z"), workers: 2, workerStates: [.idle, .idle], queue: queue,
            maxDepth: 50, resync: .milliseconds(30_500), failureThreshold: 5, resourceCount: 1, totals: totals)
    }

    static func tenant() -> CRDSnapshot {
        let entry = CRDEntry(key: "tenant", description: nil, api: api("Tenant", "tenants", namespaced: false),
                             dependsOn: [Dependency(crd: "database", condition: .healthy)],
                             operatorBox: OperatorBox(onCreate: [ChildEntry(kind: .clusterRoles)]))
        return CRDSnapshot(
            key: "tenant", entry: entry, state: .pending, stateReason: "waiting for database to be healthy",
            startedAt: FakeInspector.date("2026-05-29T14:53:03Z"), workers: 1, workerStates: [.stopped], queue: WorkQueueStats(),
            maxDepth: 100, resync: .seconds(60), failureThreshold: 5, resourceCount: 1, totals: ReconcileTotals(),
            dependencies: [DependencySnapshot(crd: "database", condition: .healthy, state: .degraded, satisfied: false)])
    }

    static func cache() -> CRDSnapshot {
        let entry = CRDEntry(key: "cache", description: "Redis caches", api: api("Cache", "caches"))
        return CRDSnapshot(
            key: "cache", entry: entry, state: .notStarted, stateReason: "the CRD caches.demo.orkestra.io is not installed",
            workers: 3, workerStates: [], queue: WorkQueueStats(), maxDepth: 100, resync: .seconds(15), failureThreshold: 5,
            resourceCount: 0, totals: ReconcileTotals())
    }
}
