import Logging
import OrkKatalog
import OrkKube
import Synchronization

/// Metadata-only caches of every child the runtime manages, one informer per child resource
/// shared by all CRDs (label `orkestra.orkspace.io/managed=true`, indexed by owner UID).
///
/// Sharing matters for memory: two CRDs that both create Deployments would otherwise each cache
/// every managed Deployment. A change to a cached child is routed to its owner's controller by the
/// `orkestra.orkspace.io/owner-uid` label, so edits and deletions of children are repaired.
final class ChildCaches: Sendable {

    static let ownerIndex = Indexer.orkestraOwnerUID.name

    private struct State: Sendable {
        var informers: [String: Informer] = [:]
        var tasks: [Task<Void, Never>] = []
        var stopped = false
    }

    let client: KubeClient
    let namespace: String?
    let applied: AppliedChildren
    let logger: Logger
    /// Who gets a changed child's owner UID: the first that knows the UID. Fixed at construction (the
    /// controllers exist before their caches) and held weakly, because each controller holds these
    /// caches once prepared. Objects, not a stored closure: a closure read on every event was
    /// re-abstracted each time by the optimizer and the thunks nested without bound.
    private let owners: [WeakOwner]
    private let state = Mutex(State())

    /// With sharding: only the children of this member's buckets are cached (its share of the
    /// memory and watch traffic).
    let shard: ShardAssignments?

    init(client: KubeClient, namespace: String?, applied: AppliedChildren, owners: [any ChildOwnerQueue],
         shard: ShardAssignments? = nil, logger: Logger) {
        self.client = client
        self.namespace = namespace
        self.shard = shard
        self.applied = applied
        self.owners = owners.map(WeakOwner.init)
        self.logger = logger
    }

    static func key(_ resource: APIResource) -> String { "\(resource.group)/\(resource.resource)" }

    /// Managed children, of this member's buckets only when sharded.
    var labelSelector: String {
        let managed = "\(OrkNames.managedLabel)=true"
        return shard.map { ShardBuckets.selector(managed, buckets: $0.selected) } ?? managed
    }

    /// Selects this member's buckets as they are now (sharding): returns once every cache listed with them.
    func reselect() async {
        guard shard != nil else { return }
        let informers = state.withLock { $0.stopped ? [] : Array($0.informers.values) }
        let selector = labelSelector
        await withTaskGroup(of: Void.self) { group in
            for informer in informers { group.addTask { await informer.reselect(labelSelector: selector) } }
        }
    }

    /// The cache of `resource`, created and started on first use.
    func informer(for resource: APIResource) -> Informer {
        let key = Self.key(resource)
        return state.withLock { state in
            if let existing = state.informers[key] { return existing }
            let informer = Informer(
                client: client, resource: resource,
                options: InformerOptions(namespace: resource.namespaced ? namespace : nil,
                                         labelSelector: labelSelector, metadataOnly: true),
                indexers: [.orkestraOwnerUID], logger: logger)
            state.informers[key] = informer
            guard !state.stopped else { return informer }
            informer.start()
            let events = informer.events()
            state.tasks.append(Task { [weak self] in
                for await event in events {
                    self?.deliver(event)
                }
            })
            return informer
        }
    }

    /// The cache of `resource` if it exists.
    func existingInformer(for resource: APIResource) -> Informer? {
        state.withLock { $0.informers[Self.key(resource)] }
    }

    private func deliver(_ event: InformerEvent) {
        let object = event.object
        if case .deleted = event, let uid = object.value(atDotted: "metadata.uid")?.stringValue {
            applied.forget(uid: uid)
        }
        if case .resync = event { return }
        guard let owner = object.value(atDotted: "metadata.labels")?[OrkNames.ownerUIDLabel]?.stringValue,
              !owner.isEmpty else { return }
        for weak in owners where weak.queue?.enqueueOwner(uid: owner) == true { return }
    }

    /// Waits until every cache created so far has listed once.
    func waitUntilSynced(_ resources: [APIResource]) async -> Bool {
        for resource in resources {
            guard await informer(for: resource).waitUntilSynced() else { return false }
        }
        return true
    }

    /// Stops every informer and routing task.
    func stop() async {
        let (informers, tasks) = state.withLock { state -> ([Informer], [Task<Void, Never>]) in
            state.stopped = true
            return (Array(state.informers.values), state.tasks)
        }
        for informer in informers { await informer.stop() }
        for task in tasks {
            task.cancel()
            await task.value
        }
    }

    /// Objects cached across all child resources.
    var objectCount: Int {
        state.withLock { $0.informers.values.reduce(0) { $0 + $1.count } }
    }
}

/// Something that re-queues a CR when one of its children changed (a CRD's controller).
protocol ChildOwnerQueue: AnyObject, Sendable {
    /// Queues the CR with `uid` and returns true when this queue knows it.
    func enqueueOwner(uid: String) -> Bool
}

/// A controller the caches route to without keeping it alive.
private final class WeakOwner: Sendable {
    weak let queue: (any ChildOwnerQueue)?
    init(_ queue: any ChildOwnerQueue) { self.queue = queue }
}
