import OrkValue

/// The store's state and logic, single-threaded: `SandboxStore` (an actor) owns one and serializes calls.
final class SandboxEngine {
    /// Tunables fixed at start.
    struct Settings {
        var historyLimit: Int
        var watchBufferLimit: Int
        var listSnapshotLimit = 16
        var listSnapshotTTLSeconds = 300
    }

    let settings: Settings
    let registry = ResourceRegistry()
    var tables: [String: ObjectTable] = [:]
    /// The global resourceVersion: the version of the last committed write.
    var resourceVersion: Int64 = 0
    let history: WatchHistory
    let hub = WatchHub()
    let clock = SandboxClock()
    let managedFieldsEncoder = ManagedFieldsEncoder()
    var log: PersistentLog?
    /// Owner UID → objects that name it in `ownerReferences`.
    var dependents: [String: Set<ObjectRef>] = [:]
    /// Namespace → how many namespaced objects it holds (for namespace deletion).
    var namespaceCounts: [String: Int] = [:]
    let listSnapshots: ListSnapshots
    /// Follow-up work of writes (garbage collection, namespace and CRD finalization), run before a call returns.
    var pendingWork: [PendingWork] = []
    var runningPendingWork = false
    /// The last failure of follow-up work (it cannot fail the call that caused it).
    var lastBackgroundError: SandboxError?
    /// Bytes of a torn last log record dropped when the store started.
    var droppedBytesAtRecovery = 0
    /// Whether a background compaction is writing a snapshot.
    var compactionRunning = false
    /// Admission webhooks run on creates and updates (`SandboxStore.setAdmission`).
    var admission: (any SandboxAdmission)?

    init(settings: Settings, persistence: SandboxPersistence?) throws(SandboxError) {
        self.settings = settings
        self.listSnapshots = ListSnapshots(capacity: settings.listSnapshotLimit, ttlSeconds: settings.listSnapshotTTLSeconds)
        var recovered: RecoveredState?
        if let persistence {
            let state = try Recovery.recover(persistence)
            recovered = state
            self.log = try PersistentLog(persistence, lock: state.lock, sequence: state.nextLogSequence)
            self.droppedBytesAtRecovery = state.droppedBytes
        }
        self.history = WatchHistory(capacity: settings.historyLimit, currentResourceVersion: recovered?.resourceVersion ?? 0)
        if let recovered {
            load(recovered)
        }
        if tables["namespaces"]?.count ?? 0 == 0 && (recovered?.resourceVersion ?? 0) == 0 {
            try bootstrap()
        }
        runPendingWork()
    }

    /// A fresh store has the namespaces a new cluster has.
    private func bootstrap() throws(SandboxError) {
        guard let namespaces = registry.lookup(group: "", version: "v1", plural: "namespaces") else { return }
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            _ = try create(namespaces, namespace: nil, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]],
                           fieldManager: "kube-apiserver")
        }
    }

    /// Installs recovered objects and rebuilds every index from them.
    private func load(_ state: RecoveredState) {
        resourceVersion = state.resourceVersion
        for (storage, contents) in state.tables {
            let table = ObjectTable(storage: storage)
            table.load(contents)
            tables[storage] = table
        }
        for (_, entry) in tables[ResourceRegistry.crdStorage]?.contents ?? [:] {
            for (_, stored) in entry { registry.apply(crd: CRDDefinition(stored.object)) }
        }
        for (storage, table) in tables {
            for (namespace, name, stored) in table.allObjects() {
                let ref = ObjectRef(storage: storage, namespace: namespace, name: name)
                if !namespace.isEmpty { namespaceCounts[namespace, default: 0] += 1 }
                let owners = stored.object.ownerReferences
                for owner in owners { dependents[owner.uid, default: []].insert(ref) }
                if !owners.isEmpty { pendingWork.append(.evaluateDependent(ref)) }
                resumeDeletion(ref, stored.object)
            }
        }
    }

    /// After a restart, picks up deletions that were in progress.
    private func resumeDeletion(_ ref: ObjectRef, _ object: JSONValue) {
        guard object.isBeingDeleted else { return }
        if ref.storage == "namespaces" { pendingWork.append(.purgeNamespace(ref.name)) }
        if ref.storage == ResourceRegistry.crdStorage { pendingWork.append(.purgeCRD(ref.name)) }
        if object.finalizers.contains("foregroundDeletion") { pendingWork.append(.foregroundDependents(ref)) }
        if object.finalizers.contains("orphan") { pendingWork.append(.orphanDependents(ref)) }
    }

    func table(_ storage: String) -> ObjectTable {
        if let table = tables[storage] { return table }
        let table = ObjectTable(storage: storage)
        tables[storage] = table
        return table
    }

    /// The namespace key of an object of `resource`: the given namespace, or empty for cluster-scoped resources.
    func namespaceKey(_ resource: SandboxResource, _ namespace: String?) throws(SandboxError) -> String {
        guard resource.namespaced else { return "" }
        guard let namespace, !namespace.isEmpty else {
            throw SandboxError.badRequest("a namespace is required for \(resource.groupResource)")
        }
        return namespace
    }

    /// An object as served at `resource`'s version.
    func present(_ object: JSONValue, _ resource: SandboxResource) -> JSONValue {
        object.withAPIVersion(resource.apiVersion)
    }

    /// Closes the log (the store stays usable in memory).
    func close() {
        log?.close()
        hub.finishAll()
    }
}
