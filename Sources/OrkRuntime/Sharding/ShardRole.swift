import Logging
import OrkAPI
import OrkKube
import Synchronization

/// This replica as a shard member: its own shard Lease (labelled with the ring, renewed like a
/// leader's), the gate its workers wait on (open while the Lease is held), the client its
/// reconciles write through (fenced by that Lease), its buckets (`ShardAssignments`) and its
/// releases of the ones it is asked to let go, and the coordinator it runs while it leads.
///
/// **A member that loses its Lease leaves for good.** Nobody else competes for a shard Lease, so
/// its elector would take it again as soon as renewals get through — after the coordinator gave
/// its CRs to others, with caches that still hold them (scripts/shard-check saw a paused member
/// write children at an old epoch that way). So the first loss closes its gate and its fence for
/// good and calls `onLeave`: the runtime stops, and `ork run` exits non-zero; its pod restarts as a
/// new member (a new id, fresh caches).
final class ShardRole: Sendable {
    let member: String
    let ring: String
    let assignments: ShardAssignments
    let leaseNamespace: String
    let elector: LeaseElector
    let gate = LeadershipGate()
    let fencedClient: KubeClient
    let logger: Logger
    private let coordinatorSlot = Mutex<ShardCoordinator?>(nil)
    private let departure = Mutex<(left: Bool, onLeave: (@Sendable () -> Void)?)>((false, nil))

    init(assignments: ShardAssignments, ring: String, client: KubeClient, configuration: RuntimeConfiguration,
         logger: Logger) throws {
        let member = assignments.member
        self.member = member
        self.ring = ring
        self.assignments = assignments
        self.leaseNamespace = configuration.leaseNamespaceInUse
        var config = LeaseElectorConfig(name: ShardNames.leaseName(base: configuration.leaseName, member: member),
                                        namespace: configuration.leaseNamespaceInUse, identity: member,
                                        endpoint: configuration.endpoint, leaseDuration: configuration.leaseDuration,
                                        renewDeadline: configuration.renewDeadline, retryPeriod: configuration.retryPeriod)
        config.labels = [ShardNames.ringLabel: ring]
        var logger = logger
        logger[metadataKey: "shard"] = "\(member)"
        let elector = try LeaseElector(client: client, config: config, watchForRelease: false, logger: logger)
        self.elector = elector
        let departed = DepartureFlag()
        self.departed = departed
        // The Lease's fence, shut for good once this member left (even if its elector takes the Lease again).
        let fence = LeaseFence(validity: LeaseFence.validity(for: config),
                               renewedAt: { departed.isSet ? nil : elector.renewedAt })
        self.fencedClient = try KubeClient(config: client.config,
                                           transport: FencedTransport(inner: client.transport, fence: fence), logger: logger)
        self.logger = logger
    }

    private let departed: DepartureFlag

    /// Whether this member lost its Lease and left.
    var hasLeft: Bool { departed.isSet }

    /// Called once when this member loses its Lease (not when it releases it at shutdown).
    func onLeave(_ action: @escaping @Sendable () -> Void) {
        departure.withLock { $0.onLeave = action }
    }

    private func leave() {
        departed.set()
        gate.close()
        let action = departure.withLock { state -> (@Sendable () -> Void)? in
            guard !state.left else { return nil }
            state.left = true
            return state.onLeave
        }
        action?()
    }

    var coordinator: ShardCoordinator? {
        get { coordinatorSlot.withLock { $0 } }
        set { coordinatorSlot.withLock { $0 = newValue } }
    }

    /// Holds the shard Lease (opening the gate while held), releases drained buckets, and runs the
    /// coordinator while `leaderGate` is open.
    func run(leaderGate: LeadershipGate) async {
        await withTaskGroup(of: Void.self) { group in
            if let coordinator { group.addTask { await coordinator.run(gate: leaderGate) } }
            group.addTask {
                for await _ in self.assignments.tableChanges.stream { await self.releaseDrainedBuckets() }
            }
            await gate.follow(elector, logger: logger, held: "shard Lease held: this member reconciles its CRs",
                              lost: "shard Lease lost: this member leaves the ring (gate and fence shut for good)",
                              onLost: { self.leave() })
            group.cancelAll()
        }
    }
}

/// Set once, read by the fence on every write.
final class DepartureFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .releasing) }

    var isSet: Bool { flag.load(ordering: .acquiring) }
}

extension Runtime {
    /// This replica's shard member id; nil without sharding.
    public var shardMember: String? { shard?.member }

    /// How many CRs this replica's informers hold, over all CRDs (with sharding: its own share).
    public var cachedCRs: Int { controllers.reduce(0) { $0 + ($1.informer?.count ?? 0) } }
}

extension ShardRole {
    /// The shards as this replica sees them: members from its observation of the Leases; CR counts
    /// from the coordinator's view of every CR while this replica leads, else only its own share
    /// (`ownCRs`: what its informers hold) — the others' counts, unassigned and draining are unknown here.
    func status(ownCRs: Int, coordinator isCoordinator: Bool) -> ShardStatus {
        let live = coordinator?.live ?? []
        let assigned = isCoordinator ? coordinator?.assignedCRs() : nil
        let crs = assigned?.owners ?? [member: ownCRs]
        let ids = Set(crs.keys).union(live).union([member])
        let members = ids.sorted().map { id in
            ShardStatus.Member(id: id, live: live.contains(id) || (id == member && gate.isLeading),
                               crs: assigned == nil ? (id == member ? ownCRs : nil) : crs[id] ?? 0)
        }
        return ShardStatus(member: member, coordinator: isCoordinator, members: members, unassigned: assigned?.unassigned,
                           draining: assigned?.draining, moves: coordinator?.moveCounts ?? .zero)
    }
}

extension ShardRole {
    /// The member's acknowledgement of drains: once no reconcile of a draining bucket is in flight
    /// (none starts: `ShardAssignments.startReconcile`), it marks the buckets released in the table,
    /// a conditional update through its own fence. A conflict means a newer table is on its way,
    /// whose reading brings it back here; other failures (the API server, the fence shut for a
    /// moment under load) are tried again after a pause growing to 5 s, for as long as the drain
    /// stands: an abandoned release would leave the buckets with nobody reconciling them. If its
    /// Lease is really lost it leaves the ring, and the coordinator reassigns the buckets.
    func releaseDrainedBuckets() async {
        var pause = Duration.milliseconds(100)
        var failures = 0
        while !Task.isCancelled, !hasLeft {
            let draining = assignments.draining
            guard !draining.isEmpty else { return }
            await assignments.waitUntilIdle(draining)
            var (table, lease) = assignments.reading
            guard let lease, table.release(draining, member: member), let body = ShardTableLease.replacing(table, in: lease) else { return }
            do throws(KubeError) {
                _ = try await fencedClient.update(LeaseElector.leases, namespace: leaseNamespace, body)
                logger.info("released \(draining.count) buckets to the coordinator: their reconciles here ended")
                return
            } catch where error.kind == .conflict {
                return
            } catch {
                failures += 1
                if failures == 1 || failures % 10 == 0 {
                    logger.warning("releasing \(draining.count) buckets failed \(failures) times, trying again in \(pause): \(error)")
                }
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}
