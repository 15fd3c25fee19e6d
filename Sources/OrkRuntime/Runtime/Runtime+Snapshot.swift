import FoundationEssentials
import OrkKube
import OrkValue

extension Runtime {
    /// The leader as this replica sees it.
    var leaderState: LeaderState {
        guard let elector else {
            return LeaderState(isLeader: true, leaderIdentity: configuration.pod.name, leaderEndpoint: configuration.endpoint)
        }
        return elector.leaderState
    }

    /// The whole runtime at this instant (each CRD consistent in itself).
    public func snapshot() -> RuntimeSnapshot {
        let leader = leaderState
        let crds = controllers.map { controller -> CRDSnapshot in
            // With sharding every member reconciles (its own share) while it holds its shard Lease.
            let (state, reason) = controller.health.state(isLeader: (shard?.gate ?? gate).isLeading,
                                                          leader: leader.leaderIdentity, sharded: shard != nil)
            let dependencies = controller.compiled.entry.dependsOn.map { dependency -> DependencySnapshot in
                let other = self.controller(dependency.crd)
                return DependencySnapshot(
                    crd: dependency.crd, condition: dependency.condition,
                    state: other.map { $0.health.state(isLeader: true, leader: nil).0 },
                    satisfied: other.map { Self.satisfies($0, dependency.condition) } ?? false)
            }
            var snapshot = CRDSnapshot(
                key: controller.key, entry: controller.compiled.entry, state: state, stateReason: reason,
                startedAt: controller.health.startedAt, workers: controller.workers, workerStates: controller.states,
                queue: controller.queue.stats(), maxDepth: controller.maxDepth, resync: controller.resync,
                failureThreshold: controller.health.failureThreshold, resourceCount: controller.informer?.count ?? 0,
                refusedByNamespace: Self.refusedByNamespace(controller), totals: controller.health.totals, dependencies: dependencies,
                rbac: rbacRules[controller.key] ?? [])
            if let notifications = controller.notifications {
                let counts = notifications.outbox.counts(crd: controller.key)
                snapshot.notifications = (counts.sent, counts.throttled, counts.failed, counts.dropped, counts.pending)
            }
            return snapshot
        }
        var snapshot = RuntimeSnapshot(katalog: katalog.metadata, pod: configuration.pod, leader: leader, startedAt: startedAt,
                                       ready: isServing, cluster: cluster, gatewayEndpoint: configuration.gatewayEndpoint,
                                       crds: crds)
        snapshot.shards = shard.map { $0.status(ownCRs: cachedCRs, coordinator: leader.isLeader) }
        return snapshot
    }

    /// The cached CRs in namespaces the Katalog does not allow (0 without namespace rules: no scan).
    static func refusedByNamespace(_ controller: CRDController) -> Int {
        guard controller.compiled.hasNamespaceRules, let informer = controller.informer else { return 0 }
        let refusal = controller.compiled.namespaceRefusal
        var namespaces: [String: Bool] = [:]
        var count = 0
        for key in informer.keys where !key.namespace.isEmpty {
            if namespaces[key.namespace] == nil { namespaces[key.namespace] = refusal(key.namespace) != nil }
            if namespaces[key.namespace] == true { count += 1 }
        }
        return count
    }

    var isServing: Bool { !isStopping && servingFlag }

    /// Every CR of a CRD from its cache, sorted by namespace/name.
    public func customResources(crd: String) -> [JSONValue]? {
        guard let informer = controller(crd)?.informer, informer.hasSynced else { return nil }
        return informer.list()
    }

    /// One CR from the cache.
    public func customResource(crd: String, namespace: String?, name: String) -> JSONValue? {
        controller(crd)?.informer?.get(namespace: namespace, name: name)
    }

    /// Counters for benchmarks and tests: API writes made by all reconciles so far.
    public var totalAPIWrites: UInt64 {
        controllers.reduce(0) { $0 &+ $1.health.totals.apiWrites }
    }

    /// Reconciles finished so far (all CRDs, all results).
    public var totalReconciles: UInt64 {
        controllers.reduce(0) { $0 &+ $1.health.totals.total }
    }
}
