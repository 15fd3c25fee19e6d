import FoundationEssentials
import Logging
import OrkKube
import OrkTemplate
import OrkValue
import Synchronization

/// One CRD's complete operator: an informer on its CRs, a work queue, a pool of workers running
/// the `Reconciler`, and its health. Children are cached by the runtime's shared `ChildCaches`.
///
/// The runtime drives it: `prepare` (resolve resources through discovery), then `run` (informer,
/// queue timer and workers, until shutdown). Workers take items only while the `LeadershipGate`
/// is open; a failing item is retried with backoff and never stops other items or other CRDs.
final class CRDController: ChildOwnerQueue {
    static let uidIndex = "uid"

    struct Parts: Sendable {
        var crResource: APIResource
        var informer: Informer
        var reconciler: Reconciler
        var childResources: [APIResource]
        /// The options of a watch on every CR of the CRD, whatever its shard (metadata only): the
        /// coordinator's (`assignmentInformer`).
        var assignmentOptions: InformerOptions
        var client: KubeClient
    }

    let key: String
    let compiled: CompiledCRD
    let health: CRDHealth
    let queue: WorkQueue<ObjectKey>
    let workers: Int
    let resync: Duration
    let maxDepth: Int
    let logger: Logger
    private let parts = Mutex<Parts?>(nil)
    /// Keys whose event found the queue full: re-admitted as workers make room (`refill`), so a
    /// burst larger than the queue (a first list of thousands of CRs) is deferred, never lost until
    /// the next resync. One entry per CR at most.
    private let deferred = Mutex<Set<ObjectKey>>([])
    private let workerStates: Mutex<[WorkerState]>
    /// Whether `run` began (its informer lists and watches).
    private let running = Atomic<Bool>(false)

    /// Where the CRD's status fields with `notify:` send notifications; nil without a gateway endpoint.
    let notifications: NotificationSink?
    /// With sharding: this member's buckets; its informer holds only the CRs labelled with them.
    let shard: ShardAssignments?

    init(compiled: CompiledCRD, defaults: RuntimeConfiguration, metrics: CRDMetrics, notifications: NotificationSink? = nil,
         shard: ShardAssignments? = nil, logger: Logger) {
        self.notifications = notifications
        self.shard = shard
        let settings = defaults.reconciler.resolve(compiled.entry.operatorBox.reconciler)
        self.key = compiled.entry.key
        self.compiled = compiled
        self.workers = settings.workers.value
        self.resync = .milliseconds(settings.resync.value.milliseconds)
        self.maxDepth = settings.maxDepth.value
        self.health = CRDHealth(failureThreshold: settings.failureThreshold.value, metrics: metrics.reconcile)
        self.queue = WorkQueue(configuration: WorkQueueConfiguration(maxDepth: maxDepth), metrics: metrics.queue)
        self.workerStates = Mutex(Array(repeating: .stopped, count: settings.workers.value))
        var logger = logger
        logger[metadataKey: "crd"] = "\(compiled.entry.key)"
        self.logger = logger
    }

    var informer: Informer? { parts.withLock { $0?.informer } }
    /// With sharding: a new informer on the metadata of every CR of the CRD, whatever its shard.
    /// Only the coordinator runs one, and only while it leads (`ShardCoordinator`): the other members
    /// keep nothing of the CRs they do not own.
    func assignmentInformer() -> Informer? {
        guard shard != nil, let parts = parts.withLock({ $0 }) else { return nil }
        return Informer(client: parts.client, resource: parts.crResource, options: parts.assignmentOptions, logger: logger)
    }
    var crResource: APIResource? { parts.withLock { $0?.crResource } }
    var states: [WorkerState] { workerStates.withLock { $0 } }
    var childResources: [APIResource] { parts.withLock { $0?.childResources ?? [] } }

    /// Resolves the CR and child resources and builds the informer and reconciler.
    func prepare(client: KubeClient, caches: ChildCaches, applied: AppliedChildren, namespace: String?)
        async throws(ReconcileError)
    {
        let api = compiled.entry.api
        let crResource: APIResource
        do {
            crResource = try await client.resource(apiVersion: api.apiVersion, kind: api.kind)
        } catch {
            throw ReconcileError(.apply, "\(api.kind) (\(api.apiVersion)) is not served: \(error.description)", kubeError: error)
        }
        var types: ChildTypes
        do {
            types = try await ChildTypes.resolve(compiled.allEntries, client: client)
        } catch {
            throw ReconcileError(.apply, error.description)
        }
        types.builder.deletionProtection = compiled.protectsChildren
        // The Katalog's per-CRD namespace narrows the watch (Runtime.init refuses one outside WATCH_NAMESPACE).
        let scope = crResource.namespaced ? (compiled.entry.namespace ?? namespace) : nil
        let katalogSelector = compiled.entry.labelSelectorQuery
        let informer = Informer(
            client: client, resource: crResource,
            options: InformerOptions(namespace: scope, labelSelector: selector(katalogSelector),
                                     resyncPeriod: resync),
            indexers: [Indexer(name: Self.uidIndex) { object in
                object.value(atDotted: "metadata.uid")?.stringValue.map { [$0] } ?? []
            }],
            logger: logger)
        let health = self.health
        let reconciler = Reconciler(
            compiled: compiled, client: client, crResource: crResource, crInformer: informer, caches: caches,
            types: types, applied: applied, evaluator: RuleEvaluator(templates: TemplateCache()),
            healthData: { Self.healthDocument(health) }, notifications: notifications, shard: shard,
            logger: logger)
        for resource in types.resources { _ = caches.informer(for: resource) }
        let assignmentOptions = InformerOptions(namespace: scope, labelSelector: katalogSelector, metadataOnly: true,
                                                keep: ShardNames.assignmentFields)
        parts.withLock { $0 = Parts(crResource: crResource, informer: informer, reconciler: reconciler,
                                    childResources: types.resources, assignmentOptions: assignmentOptions, client: client) }
    }

    /// The Katalog's selector, narrowed to this member's buckets when sharded.
    func selector(_ katalog: String?) -> String? {
        guard let shard else { return katalog }
        return ShardBuckets.selector(katalog, buckets: shard.selected)
    }

    /// Selects this member's buckets as they are now (sharding): returns once the informer listed
    /// with them (the CRs of buckets gained are queued, those of buckets let go dropped) — at once
    /// when the controller does not run yet (waiting for a dependency): its first list uses them.
    func reselect() async {
        guard shard != nil, let informer else { return }
        let selector = selector(compiled.entry.labelSelectorQuery)
        if running.load(ordering: .acquiring) {
            await informer.reselect(labelSelector: selector)
        } else {
            informer.select(labelSelector: selector)
        }
    }

    /// Queues every cached CR of `buckets` (sharding: buckets this member reconciles again).
    func requeue(buckets: Set<Int>) {
        guard let informer else { return }
        for key in informer.keys where bucket(of: key).map(buckets.contains) == true { enqueue(key) }
    }

    /// The bucket of the CR at `key` (sharding).
    func bucket(of key: ObjectKey) -> Int? {
        crResource.map { ShardBuckets.bucket(of: $0, namespace: key.namespace, name: key.name) }
    }

    /// Runs the informer, the queue's timer and the workers until `shutdown` (or cancellation).
    /// Call after `prepare`; returns at once otherwise.
    func run(gate: LeadershipGate, caches: ChildCaches) async {
        guard let parts = parts.withLock({ $0 }) else { return }
        running.store(true, ordering: .releasing)
        health.setPhase(.syncing)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await parts.informer.run() }
            // Sharded: the buckets may have changed since `prepare` chose the informer's selector.
            if shard != nil { group.addTask { await self.reselect() } }
            group.addTask { await self.pump(parts.informer.events()) }
            group.addTask { await self.queue.run() }
            let synced = await parts.informer.waitUntilSynced()
            let childrenSynced = await caches.waitUntilSynced(parts.childResources)
            if synced, childrenSynced, !queue.isShutDown {
                health.setPhase(.running)
                logger.info("started: \(parts.informer.count) CRs cached, \(workers) workers")
                for index in 0..<workers {
                    group.addTask { await self.work(index, reconciler: parts.reconciler, gate: gate) }
                }
            }
            // Workers end at shutdown; then stop the informer and the timer.
            while let _ = await group.next() {
                if queue.isShutDown { group.cancelAll() }
            }
        }
        workerStates.withLock { $0 = $0.map { _ in .stopped } }
    }

    /// Stops taking work: waiting workers return at once, in-flight reconciles finish.
    func shutdown() {
        queue.shutDown(drain: false)
    }

    /// Re-queues the CR with `uid` (a child of it changed); false when this CRD has no such CR.
    func enqueueOwner(uid: String) -> Bool {
        guard let informer, let cr = (try? informer.byIndex(Self.uidIndex, uid))?.first,
              let key = ObjectKey(of: cr) else { return false }
        enqueue(key)
        return true
    }

    /// Queues an event for `key`, deferring it when the queue is full.
    private func enqueue(_ key: ObjectKey) {
        if !queue.add(key) { deferred.withLock { _ = $0.insert(key) } }
    }

    /// Moves deferred keys into the queue while it has room.
    private func refill() {
        guard maxDepth > 0 else { return }
        let room = maxDepth - queue.depth
        guard room > 0 else { return }
        let keys = deferred.withLock { set -> [ObjectKey] in
            guard !set.isEmpty else { return [] }
            let keys = Array(set.prefix(room))
            for key in keys { set.remove(key) }
            return keys
        }
        for key in keys { enqueue(key) }
    }

    private func pump(_ events: InformerEvents) async {
        for await event in events {
            guard let key = event.key else { continue }
            switch event {
            case .resync: queue.add(key, priority: .resync)
            case .updated(let old, let new) where ResourceChange.isStatusOnly(old: old, new: new): continue
            default: enqueue(key)
            }
        }
    }

    /// One worker: in each leadership term it takes items until the queue shuts down or the term
    /// ends. A lost Lease ends the term and cancels the reconcile in flight (its writes are fenced
    /// anyway); the item is re-queued for the next term.
    private func work(_ index: Int, reconciler: Reconciler, gate: LeadershipGate) async {
        setWorker(index, .idle)
        defer { setWorker(index, .stopped) }
        while !Task.isCancelled, !queue.isShutDown {
            guard let term = await gate.waitUntilLeading() else { return }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.workTerm(index, reconciler: reconciler) }
                group.addTask { await gate.waitUntilEnded(term: term) }
                await group.next()
                group.cancelAll()
            }
            setWorker(index, .idle)
        }
    }

    private func workTerm(_ index: Int, reconciler: Reconciler) async {
        while !Task.isCancelled {
            guard let key = await queue.next() else { return }
            if Task.isCancelled {
                queue.done(key)
                enqueue(key)
                return
            }
            // Sharded: only CRs of buckets this member holds and is not letting go.
            let bucket = shard == nil ? nil : bucket(of: key)
            if let shard, bucket.map(shard.startReconcile) != true {
                queue.forget(key)
                queue.done(key)
                continue
            }
            setWorker(index, .processing)
            await process(key, reconciler: reconciler)
            if let shard, let bucket { shard.finishReconcile(bucket) }
            setWorker(index, .idle)
        }
    }

    private func process(_ key: ObjectKey, reconciler: Reconciler) async {
        let clock = ContinuousClock()
        let start = clock.now
        var tally = ReconcileTally()
        var itemLogger = logger
        itemLogger[metadataKey: "key"] = "\(key)"
        do {
            try await reconciler.reconcile(key, tally: &tally)
            health.record(success: true, duration: clock.now - start, writes: tally.writes, applied: tally.applied,
                          deleted: tally.deleted, unchanged: tally.unchanged)
            queue.forget(key)
            if let delay = tally.requeueAfter { queue.addAfter(key, delay: delay) }
            if tally.writes > 0 { itemLogger.debug("reconciled with \(tally.writes) writes") }
        } catch where Task.isCancelled || error.kubeError.map(LeaseFence.isRefusal) == true {
            // Leadership ended (or the fence closed) mid-reconcile: not a failure of the item.
            itemLogger.info("reconcile stopped, not leading: \(error)")
            queue.addRateLimited(key)
        } catch {
            let retries = queue.failures(key)
            itemLogger.error("reconcile failed (attempt \(retries + 1), retrying in \(queue.nextBackoff(key))): \(error)")
            if retries >= 1 {
                tally.writes += await reconciler.reportFailure(key, message: error.description)
            }
            health.record(success: false, error: error.description, duration: clock.now - start, writes: tally.writes,
                          applied: tally.applied, deleted: tally.deleted, unchanged: tally.unchanged)
            queue.addRateLimited(key)
        }
        queue.done(key)
        refill()
    }

    private func setWorker(_ index: Int, _ state: WorkerState) {
        workerStates.withLock { states in
            if states.indices.contains(index) { states[index] = state }
        }
    }

    /// `.health` for templates.
    static func healthDocument(_ health: CRDHealth) -> JSONValue {
        let totals = health.totals
        let (state, _) = health.state(isLeader: true, leader: nil)
        return ["state": .string(state.rawValue), "healthy": .bool(state == .healthy),
                "consecutiveFails": .int(totals.consecutiveFailures), "totalReconciles": .int(Int(clamping: totals.total)),
                "failedReconciles": .int(Int(clamping: totals.failed)), "errorRatePercent": .double(totals.errorRatePercent)]
    }
}
