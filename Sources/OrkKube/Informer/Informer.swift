import Logging
import OrkValue
import Synchronization

/// A list+watch cache of one resource (optionally one namespace and label/field selectors): the
/// store controllers read instead of the API server, and the stream of changes that drives them.
///
/// It lists, then watches from the list's resourceVersion; bookmarks advance that version; broken
/// watches resume from it after a capped, jittered backoff; `410 Gone` relists and emits only the
/// difference between the store and the fresh list, so subscribers see every change exactly once.
/// Stored objects drop `managedFields` and the last-applied annotation (`InformerTrim`).
///
/// Why a final class with a `Mutex` rather than an actor: controllers read the cache from many
/// workers and from synchronous code (renderers, HTTP handlers), which an actor would force through
/// `await` and serialise behind the watch loop. And each change must update the store *and* enqueue
/// its event as one step, so that readers and subscribers always agree on the order; a lock around a
/// non-suspending critical section gives exactly that, where an actor would be re-entrant at every
/// `await`. The loop itself runs in one task, so store mutations have a single writer.
///
/// An informer runs once: `start()`/`stop()`, or `run()` inside your own task (cancel it to stop).
/// Stopping ends every task it started and every event stream.
public final class Informer: Sendable {
    struct State: Sendable {
        var store: InformerStore
        var resourceVersion = ""
        var hasSynced = false
        var lifecycle = RunOnce()
        var syncWaiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter = 0
        var stats = InformerStats()
        /// The selectors to list and watch with (`reselect`): the one asked for last, and the one the
        /// store was last listed with; a generation counts the changes.
        var selection: Selection
    }

    public let client: KubeClient
    public let resource: APIResource
    public let options: InformerOptions
    let logger: Logger
    let fanout: EventFanout
    let state: Mutex<State>

    public init(client: KubeClient, resource: APIResource, options: InformerOptions = .init(), indexers: [Indexer] = [],
                logger: Logger? = nil) {
        self.client = client
        self.resource = resource
        self.options = options
        var logger = logger ?? client.logger
        logger[metadataKey: "informer"] = "\(resource)"
        self.logger = logger
        self.fanout = EventFanout(capacity: options.eventBuffer)
        self.state = Mutex(State(store: InformerStore(indexers: indexers),
                                 selection: Selection(wanted: options.labelSelector)))
    }

    // MARK: lifecycle

    /// Starts the list/watch loop (and the resync timer) in a task owned by the informer.
    public func start() {
        state.withLock { state in
            state.lifecycle.start { await self.run() }
        }
    }

    /// Stops the informer and waits until all its tasks have ended; event streams then finish.
    public func stop() async {
        let task = state.withLock { $0.lifecycle.task }
        task?.cancel()
        await task?.value
    }

    /// Runs the informer in the calling task until it is cancelled. Returns at once when the
    /// informer already ran.
    public func run() async {
        let begin = state.withLock { $0.lifecycle.begin() }
        guard begin else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listAndWatch() }
            if let period = options.resyncPeriod, period > .zero {
                group.addTask { await self.resync(every: period) }
            }
            await group.waitForAll()
        }
        let waiters = state.withLock { state in
            state.lifecycle.finish()
            defer { state.syncWaiters = [:] }
            return Array(state.syncWaiters.values)
        }
        for waiter in waiters { waiter.resume(returning: false) }
        endSelection()
        fanout.finish()
    }

    // MARK: status

    /// Whether the initial list has been stored.
    public var hasSynced: Bool { state.withLock { $0.hasSynced } }

    /// Waits for the initial list; false when the informer stopped or the caller was cancelled first.
    public func waitUntilSynced() async -> Bool {
        let id = state.withLock { state -> Int? in
            guard !state.hasSynced, !state.lifecycle.hasEnded else { return nil }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return hasSynced }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer = state.withLock { state -> Bool? in
                    if state.hasSynced { return true }
                    if state.lifecycle.hasEnded || Task.isCancelled { return false }
                    state.syncWaiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            state.withLock { $0.syncWaiters.removeValue(forKey: id) }?.resume(returning: false)
        }
    }

    /// The resourceVersion the store is current to (the last list, watch event or bookmark).
    public var resourceVersion: String { state.withLock { $0.resourceVersion } }

    /// Counters of the list/watch loop.
    public var stats: InformerStats { state.withLock { $0.stats } }

    // MARK: reading the store

    /// The stored object `namespace/name` (namespace nil or "" for cluster-scoped objects).
    public func get(namespace: String?, name: String) -> JSONValue? {
        get(ObjectKey(namespace: namespace ?? "", name: name))
    }

    public func get(_ key: ObjectKey) -> JSONValue? { state.withLock { $0.store[key] } }

    /// The stored objects (of one namespace when given), sorted by key.
    public func list(namespace: String? = nil) -> [JSONValue] {
        let objects = state.withLock { $0.store.objects }
        return objects.keys.sorted().compactMap { key in
            guard namespace == nil || key.namespace == namespace else { return nil }
            return objects[key]
        }
    }

    /// Every stored key, sorted.
    public var keys: [ObjectKey] { state.withLock { $0.store.objects.keys.sorted() } }

    /// How many objects are stored.
    public var count: Int { state.withLock { $0.store.count } }

    /// The stored objects whose index `indexName` holds `value` (e.g. the children of an owner UID).
    public func byIndex(_ indexName: String, _ value: String) throws(InformerError) -> [JSONValue] {
        guard let objects = state.withLock({ $0.store.objects(index: indexName, value: value) }) else {
            throw InformerError("no index named \"\(indexName)\" on the \(resource) informer")
        }
        return objects
    }

    /// The values present in index `indexName`.
    public func indexValues(_ indexName: String) throws(InformerError) -> [String] {
        guard let values = state.withLock({ $0.store.indexValues(indexName) }) else {
            throw InformerError("no index named \"\(indexName)\" on the \(resource) informer")
        }
        return values
    }

    /// Adds a secondary index, built at once from the stored objects. Names are unique.
    public func addIndexer(_ indexer: Indexer) throws(InformerError) {
        let added = state.withLock { state -> Bool in
            guard state.store.indexers[indexer.name] == nil else { return false }
            state.store.addIndexer(indexer)
            return true
        }
        guard added else { throw InformerError("an index named \"\(indexer.name)\" already exists") }
    }

    // MARK: events

    /// A new subscription to the informer's events. It first replays the store as `.added` (in
    /// key order), then follows every change; see `InformerEvents`.
    public func events() -> InformerEvents {
        state.withLock { state in
            let objects = state.store.objects
            let replay = objects.keys.sorted().compactMap { objects[$0].map(InformerEvent.added) }
            return InformerEvents(subscription: .init(fanout: fanout, id: fanout.subscribe(replay: replay)))
        }
    }
}
