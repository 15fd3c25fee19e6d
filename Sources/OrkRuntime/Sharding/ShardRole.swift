import Logging
import OrkAPI
import OrkKube
import Synchronization

/// This replica as a shard member: its own shard Lease (labelled with the ring, renewed like a
/// leader's), the gate its workers wait on (open while the Lease is held), the client its
/// reconciles write through (fenced by that Lease), and the coordinator it runs while it leads.
final class ShardRole: Sendable {
    let member: String
    let ring: String
    let elector: LeaseElector
    let gate = LeadershipGate()
    let fencedClient: KubeClient
    let logger: Logger
    private let coordinatorSlot = Mutex<ShardCoordinator?>(nil)

    init(member: String, ring: String, client: KubeClient, configuration: RuntimeConfiguration, logger: Logger) throws {
        self.member = member
        self.ring = ring
        var config = LeaseElectorConfig(name: ShardNames.leaseName(base: configuration.leaseName, member: member),
                                        namespace: configuration.leaseNamespaceInUse, identity: member,
                                        endpoint: configuration.endpoint, leaseDuration: configuration.leaseDuration,
                                        renewDeadline: configuration.renewDeadline, retryPeriod: configuration.retryPeriod)
        config.labels = [ShardNames.ringLabel: ring]
        var logger = logger
        logger[metadataKey: "shard"] = "\(member)"
        let elector = try LeaseElector(client: client, config: config, watchForRelease: false, logger: logger)
        self.elector = elector
        self.fencedClient = try KubeClient(config: client.config,
                                           transport: FencedTransport(inner: client.transport, fence: LeaseFence(elector: elector)),
                                           logger: logger)
        self.logger = logger
    }

    var coordinator: ShardCoordinator? {
        get { coordinatorSlot.withLock { $0 } }
        set { coordinatorSlot.withLock { $0 = newValue } }
    }

    /// Holds the shard Lease (opening the gate while held) and runs the coordinator while `leaderGate` is open.
    func run(leaderGate: LeadershipGate) async {
        await withTaskGroup(of: Void.self) { group in
            if let coordinator { group.addTask { await coordinator.run(gate: leaderGate) } }
            await gate.follow(elector, logger: logger, held: "shard Lease held: this member reconciles its CRs",
                              lost: "shard Lease lost: this member stops reconciling")
            group.cancelAll()
        }
    }
}

extension Runtime {
    /// This replica's shard member id; nil without sharding.
    public var shardMember: String? { shard?.member }

    /// How many CRs this replica's informers hold, over all CRDs (with sharding: its own share).
    public var cachedCRs: Int { controllers.reduce(0) { $0 + ($1.informer?.count ?? 0) } }
}

extension ShardRole {
    /// The shards as this replica sees them: members from the coordinator's observation of the
    /// Leases, CR counts from the metadata of every CR (`CRDController.assignments`).
    func status(controllers: [CRDController], coordinator isCoordinator: Bool) -> ShardStatus {
        var crs: [String: Int] = [:]
        var unassigned = 0
        var draining = 0
        for controller in controllers {
            for object in controller.assignments?.list() ?? [] {
                let labels = object["metadata"]?["labels"]
                let owner = labels?[ShardNames.ownerLabel]?.stringValue ?? ""
                if owner.isEmpty { unassigned += 1 } else { crs[owner, default: 0] += 1 }
                if labels?[ShardNames.drainLabel]?.stringValue == "true" { draining += 1 }
            }
        }
        let live = coordinator?.live ?? []
        let ids = Set(crs.keys).union(live).union([member])
        let members = ids.sorted().map { ShardStatus.Member(id: $0, live: live.contains($0) || ($0 == member && gate.isLeading),
                                                              crs: crs[$0] ?? 0) }
        let moves = coordinator?.moveCounts ?? ShardMoveCounts()
        return ShardStatus(member: member, coordinator: isCoordinator, members: members, unassigned: unassigned,
                           draining: draining,
                           moves: ShardStatus.Moves(assigned: moves.assigned, reassigned: moves.reassigned,
                                                    drained: moves.drained, undrained: moves.undrained))
    }
}
