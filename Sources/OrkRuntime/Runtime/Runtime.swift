import FoundationEssentials
import Logging
import OrkKatalog
import OrkKube
import OrkTemplate
import Synchronization

/// The runtime: one process running a complete, isolated operator per CRD of a Katalog.
///
/// `run()` starts the leader election, the HTTP API and every CRD's controller — each CRD waits
/// for its `dependsOn` CRDs without blocking the others — and returns after `shutdown()`: workers
/// stop taking items, in-flight reconciles finish, the Lease is released, caches stop.
public final class Runtime: Sendable {
    public let katalog: Katalog
    public let configuration: RuntimeConfiguration
    /// The client of everything but the election: reads pass, writes go through the Lease's
    /// `FencedTransport` (the one choke point: no write path can skip the fence).
    let client: KubeClient
    let controllers: [CRDController]
    /// Each CRD's RBAC rules, derived once from the Katalog (shown by `/katalog/{crd}`).
    let rbacRules: [String: [PolicyRule]]
    let caches: ChildCaches
    let applied = AppliedChildren()
    let gate = LeadershipGate()
    let elector: LeaseElector?
    /// With sharding: this replica's shard (its Lease, the gate its workers wait on) and, while it
    /// leads, the coordinator that assigns the CRs. Nil without sharding.
    let shard: ShardRole?
    let cluster: String
    let startedAt = Date()
    let logger: Logger
    /// `/metrics`: every CRD's series, recorded by its health and queue.
    package let metrics: RuntimeMetrics
    /// Delivers status-field notifications to the gateway (nil: none configured, or no gateway endpoint).
    let outbox: NotificationOutbox?
    private let stopping = Mutex<(requested: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
    private let serving = Mutex(false)
    var servingFlag: Bool { serving.withLock { $0 } }
    /// The port the HTTP API listens on once it runs (useful with port 0).
    let boundPort = Mutex<Int?>(nil)

    /// Compiles every CRD of `katalog`; throws when a template does not compile (which `ork validate`
    /// reports first) or the leader-election settings are invalid. `notificationClock` times the
    /// notification intervals and retries (tests move it by hand).
    public init(katalog: Katalog, client: KubeClient, configuration: RuntimeConfiguration, cluster: String,
                logger: Logger = Logger(label: "orkestra.runtime"),
                notificationClock: any QueueClock = ContinuousQueueClock()) throws(RuntimeConfigurationError) {
        self.katalog = katalog
        self.configuration = configuration
        self.cluster = cluster
        self.logger = logger
        let order = DependencyGraph(katalog: katalog).startOrder() ?? katalog.crds.map(\.key)
        let metrics = RuntimeMetrics(crds: order.compactMap { katalog.crd($0) })
        self.metrics = metrics
        let notifying = katalog.crds.contains { $0.operatorBox.status.fields.contains { $0.notify != nil } }
        var outbox: NotificationOutbox?
        if notifying, let endpoint = configuration.gatewayEndpoint, !endpoint.isEmpty {
            outbox = NotificationOutbox(poster: GatewayNotifyPoster(gatewayEndpoint: endpoint, tokenFile: configuration.notifyTokenFile),
                                        clock: notificationClock)
        } else if notifying {
            logger.warning("status fields notify teams, but ORK_GATEWAY_ENDPOINT is not set: no notification is sent")
        }
        self.outbox = outbox
        let shardMember = configuration.sharding
            ? ShardNames.memberID(podName: configuration.pod.name, suffix: String(UUID().uuidString.prefix(8))) : nil
        let assignments = shardMember.map(ShardAssignments.init)
        var controllers: [CRDController] = []
        for key in order {
            guard let entry = katalog.crd(key) else { continue }
            if let own = entry.namespace, let watched = configuration.watchNamespace, own != watched {
                throw RuntimeConfigurationError("CRD \(key) watches namespace \(own), outside WATCH_NAMESPACE=\(watched): "
                    + "remove its namespace or run without WATCH_NAMESPACE")
            }
            do {
                let sink = outbox.map { NotificationSink(outbox: $0, entry: entry, teams: katalog.notification.teams,
                                                         factory: metrics.registry.factory) }
                controllers.append(CRDController(compiled: try CompiledCRD(entry, katalog: katalog), defaults: configuration,
                                               metrics: metrics.crd(entry), notifications: sink, shard: assignments,
                                               logger: logger))
            } catch {
                throw RuntimeConfigurationError("CRD \(key): \(error.message)")
            }
        }
        self.controllers = controllers
        let rbac = RBACDerivation(katalog: katalog)
        self.rbacRules = Dictionary(katalog.crds.map { ($0.key, rbac.runtimeRules(for: $0)) }, uniquingKeysWith: { a, _ in a })
        try configuration.validate()
        if configuration.leaderElection {
            let identity = "\(configuration.pod.name)-\(UUID().uuidString.prefix(8).lowercased())"
            let elector: LeaseElector
            do {
                elector = try LeaseElector(
                    client: client,
                    config: LeaseElectorConfig(name: configuration.leaseName, namespace: configuration.leaseNamespaceInUse,
                                               identity: identity, endpoint: configuration.endpoint,
                                               leaseDuration: configuration.leaseDuration,
                                               renewDeadline: configuration.renewDeadline,
                                               retryPeriod: configuration.retryPeriod),
                    logger: logger)
                // The elector writes its Lease with `client`; everything else writes only through a fence:
                // the leader Lease's, or with sharding, the reconciles through this member's shard Lease's
                // and the coordinator's through the leader Lease's.
                let leaderFenced = try KubeClient(config: client.config,
                                                  transport: FencedTransport(inner: client.transport, fence: LeaseFence(elector: elector)),
                                                  logger: logger)
                if let assignments {
                    let role = try ShardRole(assignments: assignments, ring: ShardNames.ringValue(katalog.metadata.name),
                                             client: client, configuration: configuration, logger: logger)
                    self.client = role.fencedClient
                    self.shard = role
                    role.coordinator = ShardCoordinator(ringName: role.ring,
                                                        tableName: ShardNames.tableName(base: configuration.leaseName),
                                                        client: leaderFenced, leaseNamespace: configuration.leaseNamespaceInUse,
                                                        assignments: assignments, controllers: controllers,
                                                        metrics: metrics.shardMoves(), logger: logger)
                } else {
                    self.client = leaderFenced
                    self.shard = nil
                }
            } catch {
                throw RuntimeConfigurationError("\(error)")
            }
            self.elector = elector
        } else {
            self.client = client
            elector = nil
            shard = nil
        }
        self.caches = ChildCaches(client: self.client, namespace: configuration.watchNamespace, applied: applied,
                                  owners: controllers, shard: assignments, logger: logger)
    }

    // MARK: lifecycle

    /// Runs until `shutdown()`. `serve` runs the HTTP API (it gets this runtime as its inspector
    /// and must return when its task is cancelled).
    public func run(serve: (@Sendable (Runtime) async -> Void)? = nil) async {
        logger.info("starting \(controllers.count) CRDs of Katalog \(katalog.metadata.name) against \(cluster)")
        await withTaskGroup(of: Void.self) { services in
            if let serve { services.addTask { await serve(self) } }
            if let outbox { services.addTask { await outbox.run() } }
            services.addTask { await self.runLeadership() }
            if let shard {
                shard.onLeave { [weak self] in
                    self?.stop(because: "the shard Lease of member \(shard.member) was lost; a new member must take its place")
                }
                services.addTask { await shard.run(leaderGate: self.gate) }
                services.addTask { await self.followBuckets(shard.assignments) }
            }
            async let controllersFinished: Void = runControllers()
            serving.withLock { $0 = true }
            await waitForShutdown()
            logger.info("shutting down: no new work; finishing in-flight reconciles")
            gate.close()
            shard?.gate.close()
            for controller in controllers { controller.shutdown() }
            await controllersFinished
            if let shard {
                // Released after the last reconcile: the coordinator hands this member's CRs on at once.
                await shard.elector.stop(release: true)
                logger.info("shard Lease released")
            }
            if let elector {
                await elector.stop(release: true)
                logger.info("leader Lease released")
            }
            await caches.stop()
            services.cancelAll()
        }
        logger.info("stopped")
    }

    /// Why the runtime stopped by itself (a shard member that lost its Lease), nil otherwise.
    public var stopReason: String? { departure.withLock { $0 } }
    private let departure = Mutex<String?>(nil)

    /// Stops the runtime because it cannot go on (not a signal); `ork run` then exits non-zero.
    func stop(because reason: String) {
        guard !isStopping else { return }
        departure.withLock { $0 = reason }
        logger.critical("\(reason): stopping")
        shutdown()
    }

    /// Asks `run()` to stop gracefully (SIGTERM). Idempotent.
    public func shutdown() {
        let waiter = stopping.withLock { state -> CheckedContinuation<Void, Never>? in
            state.requested = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    private func waitForShutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = stopping.withLock { state -> Bool in
                if state.requested { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    var isStopping: Bool { stopping.withLock { $0.requested } }

    private func runLeadership() async {
        guard let elector else {
            gate.setLeading(true)
            return
        }
        await gate.follow(elector, logger: logger, held: "this replica leads: workers start",
                          lost: "this replica no longer leads: workers stop", holder: { identity, endpoint in
            "leader is \(identity ?? "nobody")\(endpoint.map { " at \($0)" } ?? "")"
        })
    }

    private func runControllers() async {
        await withTaskGroup(of: Void.self) { group in
            for controller in controllers {
                group.addTask { await self.runController(controller) }
            }
        }
    }

    private func runController(_ controller: CRDController) async {
        var lastReason = ""
        while !isStopping {
            do {
                try await controller.prepare(client: client, caches: caches, applied: applied,
                                             namespace: configuration.watchNamespace)
                break
            } catch {
                controller.health.setPhase(.starting(error.message))
                if error.message != lastReason {
                    controller.logger.error("cannot start yet (retrying every 2s): \(error.message)")
                    lastReason = error.message
                }
                await pause(.seconds(2))
            }
        }
        while !isStopping {
            let unmet = unmetDependencies(of: controller)
            if unmet.isEmpty { break }
            let reason = "waiting for " + unmet.joined(separator: ", ")
            if controller.health.phase != .waiting(reason) {
                controller.logger.info("\(reason)")
                controller.health.setPhase(.waiting(reason))
            }
            await pause(.milliseconds(200))
        }
        guard !isStopping else { return }
        // With sharding, workers reconcile this member's CRs while it holds its shard Lease.
        await controller.run(gate: shard?.gate ?? gate, caches: caches)
    }

    /// With sharding: whenever this member's buckets change, its child caches and then its CR
    /// informers select the new ones (children first, so a CR gained finds its children cached),
    /// and the CRs of buckets it reconciles again (a drain withdrawn) are queued.
    private func followBuckets(_ assignments: ShardAssignments) async {
        var active = Set<Int>()
        let clock = ContinuousClock()
        for await _ in assignments.selectionChanges.stream {
            let started = clock.now
            await caches.reselect()
            await withTaskGroup(of: Void.self) { group in
                for controller in controllers { group.addTask { await controller.reselect() } }
            }
            let now = assignments.active
            logger.info("shard buckets: \(assignments.selected.count) cached, \(now.count) reconciled (selected in \(clock.now - started))")
            let regained = now.subtracting(active)
            active = now
            if !regained.isEmpty { for controller in controllers { controller.requeue(buckets: regained) } }
        }
    }

    /// Sleeps, returning early when shutdown is requested.
    private func pause(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while !isStopping, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    func controller(_ key: String) -> CRDController? { controllers.first { $0.key == key } }

    /// The dependencies of `controller` not yet in their required state, described for its health.
    func unmetDependencies(of controller: CRDController) -> [String] {
        controller.compiled.entry.dependsOn.compactMap { dependency in
            guard let other = self.controller(dependency.crd) else { return "\(dependency.crd) (not in the Katalog)" }
            let satisfied = Self.satisfies(other, dependency.condition)
            return satisfied ? nil : "\(dependency.crd) to be \(dependency.condition.rawValue)"
        }
    }

    static func satisfies(_ controller: CRDController, _ condition: Dependency.Condition) -> Bool {
        guard controller.health.phase == .running else { return false }
        switch condition {
        case .started: return true
        case .healthy: return controller.health.state(isLeader: true, leader: nil).0 == .healthy
        }
    }
}
