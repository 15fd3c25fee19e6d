import Logging
import OrkAPI
import OrkKube
import OrkValue
import Synchronization

/// The leader's sharding role: it reads the ring's shard Leases (members) and the metadata of every
/// CR, and moves CRs so that each is labelled for the member the ring gives it (`ShardMove`): once
/// a pass, while this replica leads, with at most `movesPerPass` writes, `concurrency` at a time.
/// Every replica follows the Leases (its `/katalog` shows the members); only the leader watches
/// every CR, and only for as long as it leads (`View`): a member's memory holds its own share.
///
/// Its writes are merge patches of the CR's labels under the resourceVersion it decided on (a CR
/// changed meanwhile answers 409 and is looked at again in the next pass), through the leader
/// Lease's fence. An assignment raises the CR's epoch annotation, which the member stamps on the
/// children it applies (`member@epoch`), so the order of owners can be audited.
final class ShardCoordinator: Sendable {
    struct Settings: Sendable {
        var passInterval: Duration = .seconds(1)
        var movesPerPass = 500
        var concurrency = 32
        /// Shard Leases silent this long are deleted (members that went away without releasing).
        var staleLeaseAge: Duration = .seconds(300)
    }

    private struct State: Sendable {
        var members = ShardMembers()
        var live: Set<String> = []
        var ring = ShardRing(members: [])
        /// The resourceVersion each CR had when a move was sent for it: not decided again until it changes.
        var sent: [String: String] = [:]
        var moves = ShardStatus.Moves.zero
        /// When each CR's drain was requested: its move's duration ends at its next assignment.
        var drainsSent: [String: ContinuousClock.Instant] = [:]
        /// While leading: the metadata of every CR, one informer per CRD.
        var views: [View] = []
    }

    /// One CRD's CRs as the coordinator sees them, whatever their shard.
    struct View: Sendable {
        var resource: APIResource
        var informer: Informer
    }

    let ringName: String
    let client: KubeClient
    let leases: Informer
    let controllers: [CRDController]
    let settings: Settings
    let now: @Sendable () -> ContinuousClock.Instant
    let metrics: ShardMoveMetrics?
    let logger: Logger
    private let state = Mutex(State())

    init(ringName: String, client: KubeClient, leaseNamespace: String, controllers: [CRDController],
         settings: Settings = Settings(), metrics: ShardMoveMetrics? = nil,
         now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }, logger: Logger) {
        self.metrics = metrics
        self.ringName = ringName
        self.client = client
        self.leases = Informer(client: client, resource: LeaseElector.leases,
                               options: InformerOptions(namespace: leaseNamespace,
                                                        labelSelector: "\(ShardNames.ringLabel)=\(ringName)"),
                               logger: logger)
        self.controllers = controllers
        self.settings = settings
        self.now = now
        self.logger = logger
    }

    var live: Set<String> { state.withLock { $0.live } }
    var moveCounts: ShardStatus.Moves { state.withLock { $0.moves } }

    /// Watches the shard Leases and follows the members for as long as it runs (every replica shows
    /// them), and assigns while `gate` says this replica leads.
    func run(gate: LeadershipGate) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.leases.run() }
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
                    termGroup.addTask { await self.assignWhileLeading() }
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

    private func assignWhileLeading() async {
        guard await leases.waitUntilSynced() else { return }
        logger.info("shard coordinator: assigning the CRs of ring \(ringName)")
        while !Task.isCancelled {
            // A pass that had more to move than it may send goes on at once (a lapsed member's share
            // is reassigned as fast as the API server takes it); a settled ring is looked at once per interval.
            if await pass() { continue }
            try? await Task.sleep(for: settings.passInterval)
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

    /// Every CR's owner label and drain label, over all CRDs, while leading and once every CRD's
    /// CRs are listed; nil otherwise (a member knows only its own share).
    func assignedCRs() -> (owners: [String: Int], unassigned: Int, draining: Int)? {
        let views = state.withLock { $0.views }
        guard !views.isEmpty, views.allSatisfy(\.informer.hasSynced) else { return nil }
        var owners: [String: Int] = [:]
        var unassigned = 0
        var draining = 0
        for view in views {
            for object in view.informer.list() {
                let labels = object["metadata"]?["labels"]
                let owner = labels?[ShardNames.ownerLabel]?.stringValue ?? ""
                if owner.isEmpty { unassigned += 1 } else { owners[owner, default: 0] += 1 }
                if labels?[ShardNames.drainLabel]?.stringValue == "true" { draining += 1 }
            }
        }
        return (owners, unassigned, draining)
    }

    /// One pass: members from the Leases, then the moves of every CRD's CRs. True when it left
    /// moves for the next pass (more than `movesPerPass` were due).
    @discardableResult
    func pass() async -> Bool {
        let ring = observeMembers()
        var planned: [PlannedMove] = []
        var seen = Set<String>()
        var capped = false
        for view in state.withLock({ $0.views }) where view.informer.hasSynced {
            let resource = view.resource
            for object in view.informer.list() {
                guard let key = ObjectKey(of: object) else { continue }
                let sentKey = "\(resource.group)/\(resource.resource)/\(key)"
                seen.insert(sentKey)
                guard let move = plan(object, key: key, sentKey: sentKey, resource: resource, ring: ring.ring, live: ring.live)
                else { continue }
                if planned.count < settings.movesPerPass { planned.append(move) } else { capped = true }
            }
        }
        // Forget what was sent for CRs that are gone.
        state.withLock { state in
            state.sent = state.sent.filter { seen.contains($0.key) }
            state.drainsSent = state.drainsSent.filter { seen.contains($0.key) }
        }
        let landed = await send(planned)
        await deleteStaleLeases()
        return capped && landed > 0
    }

    /// Reads the Leases into the membership and rebuilds the ring when the live members changed.
    private func observeMembers() -> (ring: ShardRing, live: Set<String>) {
        let instant = now()
        let objects = leases.list()
        let (ring, live, changed) = state.withLock { state -> (ShardRing, Set<String>, Bool) in
            var seen = Set<String>()
            for lease in objects {
                guard let name = lease["metadata"]?["name"]?.stringValue else { continue }
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

    struct PlannedMove: Sendable {
        var resource: APIResource
        var key: ObjectKey
        var version: String
        var move: ShardMove
        var epoch: Int
        var sentKey: String
    }

    private func plan(_ object: JSONValue, key: ObjectKey, sentKey: String, resource: APIResource, ring: ShardRing,
                      live: Set<String>) -> PlannedMove? {
        guard let metadata = object["metadata"] else { return nil }
        let version = metadata["resourceVersion"]?.stringValue ?? ""
        if state.withLock({ $0.sent[sentKey] == version }) { return nil }
        let labels = metadata["labels"]
        let current = labels?[ShardNames.ownerLabel]?.stringValue
        let draining = labels?[ShardNames.drainLabel]?.stringValue == "true"
        let desired = ring.owner(of: ShardKey(group: resource.group, kind: resource.kind,
                                              namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name))
        guard let move = ShardMove.decide(current: current, draining: draining, desired: desired, live: live) else { return nil }
        let epoch = metadata["annotations"]?[ShardNames.epochAnnotation]?.stringValue.flatMap { Int($0) } ?? 0
        return PlannedMove(resource: resource, key: key, version: version, move: move, epoch: epoch, sentKey: sentKey)
    }

    /// Sends the moves, `concurrency` at a time; how many landed.
    private func send(_ moves: [PlannedMove]) async -> Int {
        guard !moves.isEmpty else { return 0 }
        return await withTaskGroup(of: Bool.self) { group in
            var running = 0
            var landed = 0
            for move in moves {
                if running >= settings.concurrency, let sent = await group.next() {
                    running -= 1
                    if sent { landed += 1 }
                }
                group.addTask { await self.send(move) }
                running += 1
            }
            for await sent in group where sent { landed += 1 }
            return landed
        }
    }

    private func send(_ planned: PlannedMove) async -> Bool {
        var labels: [String: JSONValue] = [:]
        var annotations: [String: JSONValue] = [:]
        switch planned.move {
        case .assign(let member), .reassign(let member):
            labels = [ShardNames.ownerLabel: .string(member), ShardNames.drainLabel: .null]
            annotations = [ShardNames.epochAnnotation: .string(String(planned.epoch &+ 1))]
        case .drain:
            labels = [ShardNames.drainLabel: "true"]
        case .undrain:
            labels = [ShardNames.drainLabel: .null]
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(planned.version), "labels": .object(labels)]
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        var itemLogger = logger
        itemLogger[metadataKey: "key"] = "\(planned.key)"
        do throws(KubeError) {
            _ = try await client.patch(planned.resource, namespace: planned.key.namespace.isEmpty ? nil : planned.key.namespace,
                                       name: planned.key.name, .merge(["metadata": .object(metadata)]))
            let instant = now()
            let drainTook = state.withLock { state -> Duration? in
                state.sent[planned.sentKey] = planned.version
                state.moves.record(planned.move)
                switch planned.move {
                case .drain:
                    state.drainsSent[planned.sentKey] = instant
                    return nil
                case .assign, .reassign, .undrain:
                    return state.drainsSent.removeValue(forKey: planned.sentKey).map { instant - $0 }
                }
            }
            metrics?.record(planned.move)
            if let drainTook, planned.move != .undrain {
                let (seconds, attoseconds) = drainTook.components
                metrics?.duration.recordSeconds(Double(seconds) + Double(attoseconds) / 1e18)
            }
            itemLogger.debug("shard move \(planned.move)")
            return true
        } catch where error.kind == .conflict || error.kind == .notFound {
            // Changed or gone meanwhile: the next pass looks at it again.
            return false
        } catch {
            itemLogger.warning("shard move \(planned.move) failed: \(error)")
            return false
        }
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
