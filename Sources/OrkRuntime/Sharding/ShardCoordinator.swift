import Logging
import OrkAPI
import OrkKube
import OrkValue
import Synchronization

/// The ring's Leases as every replica follows them, and the leader's sharding role.
///
/// Every replica watches the ring's Leases: the members' (who is live) and the table Lease, whose
/// every reading it hands to its `ShardAssignments` (which buckets it selects and reconciles).
/// While this replica leads it also *coordinates*: it plans the table over the live members
/// (`ShardTable.planned`) and writes it, and it labels every CR with its bucket (a metadata-only
/// informer per CRD on every CR, run only while it leads: a member's memory holds its own share).
///
/// A pass runs when something it depends on changed — a shard Lease or the table (a release), the
/// next instant a live member would lapse — and at least once per `passInterval`. Its writes go
/// through the leader Lease's fence: the table under the resourceVersion it planned from (a
/// conflict is planned again), the labels as merge patches under each CR's resourceVersion.
final class ShardCoordinator: Sendable {
    struct Settings: Sendable {
        var passInterval: Duration = .seconds(1)
        var labelsPerPass = 500
        var concurrency = 32
        /// Shard Leases silent this long are deleted (members that went away without releasing).
        var staleLeaseAge: Duration = .seconds(300)
    }

    struct State: Sendable {
        var members = ShardMembers()
        var live: Set<String> = []
        var ring = ShardRing(members: [])
        /// The resourceVersion each CR had when its label was sent: not sent again until it changes.
        var sent: [String: String] = [:]
        var moves = ShardStatus.Moves.zero
        /// When each bucket's drain was asked: the move's duration ends at its next assignment.
        var drainsAsked: [Int: ContinuousClock.Instant] = [:]
        /// The highest generation of any table read: a table that vanished starts above it.
        var generationSeen = 0
        /// While leading: the metadata of every CR, one informer per CRD.
        var views: [View] = []
    }

    /// One CRD's CRs as the coordinator sees them, whatever their bucket.
    struct View: Sendable {
        var resource: APIResource
        var informer: Informer
    }

    let ringName: String
    let tableName: String
    let client: KubeClient
    let leases: Informer
    let assignments: ShardAssignments
    let controllers: [CRDController]
    let settings: Settings
    let now: @Sendable () -> ContinuousClock.Instant
    let metrics: ShardMoveMetrics?
    let logger: Logger
    let state = Mutex(State())
    let wakeup = Wakeup()

    init(ringName: String, tableName: String, client: KubeClient, leaseNamespace: String, assignments: ShardAssignments,
         controllers: [CRDController], settings: Settings = Settings(), metrics: ShardMoveMetrics? = nil,
         now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }, logger: Logger) {
        self.metrics = metrics
        self.ringName = ringName
        self.tableName = tableName
        self.client = client
        self.leases = Informer(client: client, resource: LeaseElector.leases,
                               options: InformerOptions(namespace: leaseNamespace,
                                                        labelSelector: "\(ShardNames.ringLabel)=\(ringName)"),
                               logger: logger)
        self.assignments = assignments
        self.controllers = controllers
        self.settings = settings
        self.now = now
        self.logger = logger
    }

    var live: Set<String> { state.withLock { $0.live } }
    var moveCounts: ShardStatus.Moves { state.withLock { $0.moves } }

    /// Follows the ring's Leases for as long as it runs (every replica), and coordinates while
    /// `gate` says this replica leads.
    func run(gate: LeadershipGate) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.leases.run() }
            group.addTask { await self.followLeases() }
            group.addTask {
                guard await self.leases.waitUntilSynced() else { return }
                while !Task.isCancelled {
                    _ = self.observeMembers()
                    try? await Task.sleep(for: self.settings.passInterval)
                }
            }
            while let term = await gate.waitUntilLeading() {
                await withTaskGroup(of: Void.self) { termGroup in
                    termGroup.addTask { await self.runViews() }
                    termGroup.addTask { await self.coordinateWhileLeading() }
                    termGroup.addTask { await gate.waitUntilEnded(term: term) }
                    await termGroup.next()
                    termGroup.cancelAll()
                }
                // What it read of the other members' CRs goes with the term.
                state.withLock { $0.views = [] }
            }
            group.cancelAll()
        }
    }

    /// Hands every reading of the table to this member's assignments, and wakes the coordinator's
    /// pass on any change of a Lease.
    private func followLeases() async {
        for await event in leases.events() {
            let lease = event.object
            if lease["metadata"]?["name"]?.stringValue == tableName {
                if case .deleted = event {
                    assignments.update(lease: nil)
                } else {
                    assignments.update(lease: lease)
                    let generation = assignments.table.generation
                    state.withLock { $0.generationSeen = max($0.generationSeen, generation) }
                }
            }
            wakeup.signal()
        }
    }

    private func coordinateWhileLeading() async {
        guard await leases.waitUntilSynced() else { return }
        logger.info("shard coordinator: assigning the buckets of ring \(ringName)")
        while !Task.isCancelled {
            // A pass that left labels to write goes on at once; otherwise the next one waits for a
            // change, the next lapse of a live member, or the interval.
            if await pass() { continue }
            let lapse = state.withLock { $0.members.nextLapse(at: now()) }
            await wakeup.wait(until: ContinuousClock.now + min(settings.passInterval, lapse ?? settings.passInterval))
        }
    }

    /// Watches every CR of each CRD as soon as its controller knows the CRD's resource (the
    /// controllers resolve theirs as the runtime starts, perhaps after this term began), until
    /// the term ends (cancellation).
    private func runViews() async {
        await withTaskGroup(of: Void.self) { group in
            var watched = Set<String>()
            while !Task.isCancelled, watched.count < controllers.count {
                for controller in controllers where !watched.contains(controller.key) {
                    guard let resource = controller.crResource, let informer = controller.assignmentInformer() else { continue }
                    watched.insert(controller.key)
                    state.withLock { $0.views.append(View(resource: resource, informer: informer)) }
                    group.addTask { await informer.run() }
                }
                if watched.count < controllers.count { try? await Task.sleep(for: settings.passInterval) }
            }
            await group.waitForAll()
        }
    }

    /// One pass: members from the Leases, the table, then the labels of every CRD's CRs. True when
    /// it left labels for the next pass (more than `labelsPerPass` were due).
    @discardableResult
    func pass() async -> Bool {
        let (ring, live) = observeMembers()
        await planTable(ring: ring, live: live)
        let capped = await labelCRs()
        await deleteStaleLeases()
        return capped
    }

    /// Reads the Leases into the membership and rebuilds the ring when the live members changed.
    func observeMembers() -> (ring: ShardRing, live: Set<String>) {
        let instant = now()
        let objects = leases.list()
        let (ring, live, changed) = state.withLock { state -> (ShardRing, Set<String>, Bool) in
            var seen = Set<String>()
            for lease in objects {
                guard let name = lease["metadata"]?["name"]?.stringValue, name != tableName else { continue }
                seen.insert(name)
                let spec = lease["spec"]
                state.members.observe(lease: name, holder: spec?["holderIdentity"]?.stringValue ?? "",
                                      renewTime: spec?["renewTime"]?.stringValue ?? "",
                                      durationSeconds: spec?["leaseDurationSeconds"]?.intValue ?? 15, at: instant)
            }
            for name in state.members.leaseNames where !seen.contains(name) { state.members.forget(lease: name) }
            let live = state.members.live(at: instant)
            let changed = live != state.live
            if changed {
                state.live = live
                state.ring = ShardRing(members: live)
            }
            return (state.ring, state.live, changed)
        }
        if changed { logger.info("shard members: \(live.sorted().joined(separator: ", "))") }
        return (ring, live)
    }

    private func deleteStaleLeases() async {
        let stale = state.withLock { $0.members.stale(olderThan: settings.staleLeaseAge, at: now()) }
        for name in stale {
            do throws(KubeError) {
                try await client.delete(LeaseElector.leases, namespace: leases.options.namespace, name: name)
                logger.info("deleted the shard Lease \(name): silent for \(settings.staleLeaseAge)")
            } catch where error.kind == .notFound {
            } catch {
                logger.warning("cannot delete the stale shard Lease \(name): \(error)")
            }
            state.withLock { $0.members.forget(lease: name) }
        }
    }
}

/// The coordinator's moves by kind: the `/katalog` wire type counts them itself.
extension ShardStatus.Moves {
    static let zero = ShardStatus.Moves(assigned: 0, reassigned: 0, drained: 0, undrained: 0)

    mutating func record(_ move: ShardMove) {
        switch move {
        case .assign: assigned &+= 1
        case .reassign: reassigned &+= 1
        case .drain: drained &+= 1
        case .undrain: undrained &+= 1
        }
    }
}
