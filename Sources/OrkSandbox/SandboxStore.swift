import OrkValue

/// The in-memory object store of the sandbox Kubernetes API server.
///
/// It behaves like a Kubernetes 1.20 API server's storage and controllers together: object metadata
/// (uid, creationTimestamp, a global monotonic resourceVersion, generation, managedFields), optimistic
/// concurrency, status subresources, label and field selectors, consistent paging, watches with a bounded
/// history and bookmarks, merge/JSON patches and server-side apply, finalizers, owner-reference garbage
/// collection, namespace deletion and CRD lifecycle — with optional durable persistence. The HTTP layer
/// maps requests onto these calls and returns `SandboxError.status` bodies for failures.
/// Differences from the real server are listed in docs/sandbox.md.
public actor SandboxStore {
    let engine: SandboxEngine
    /// How often watches that asked for bookmarks get one.
    public let bookmarkInterval: Duration
    private var bookmarkTask: Task<Void, Never>?
    private var compactionTask: Task<Void, Never>?

    /// Opens a store; with `persistence`, recovers what the directory holds (a fresh store has the
    /// `default`, `kube-system`, `kube-public` and `kube-node-lease` namespaces).
    /// - Parameters:
    ///   - historyLimit: how many changes watches can resume from.
    ///   - watchBufferLimit: events a watch may have unread before it is ended (the client then relists).
    ///   - bookmarkInterval: how often bookmark-enabled watches get a BOOKMARK.
    public init(persistence: SandboxPersistence? = nil, historyLimit: Int = 10_000, watchBufferLimit: Int = 1_000,
                bookmarkInterval: Duration = .seconds(60)) throws(SandboxError) {
        engine = try SandboxEngine(settings: .init(historyLimit: historyLimit, watchBufferLimit: max(1, watchBufferLimit)),
                                   persistence: persistence)
        self.bookmarkInterval = bookmarkInterval
    }

    deinit {
        bookmarkTask?.cancel()
    }

    /// Installs (or with nil removes) the admission webhooks run on every create and update.
    public func setAdmission(_ admission: (any SandboxAdmission)?) {
        engine.admission = admission
    }

    // MARK: Discovery

    /// The global resourceVersion (of the last write); it only grows, across restarts too.
    public var resourceVersion: Int64 { engine.resourceVersion }

    /// Every served resource at every served version: the built-ins and what stored CRDs define.
    public func resources() -> [SandboxResource] { engine.registry.all }

    /// The served API groups with their versions, preferred first (for `/api` and `/apis`).
    public func groups() -> [SandboxAPIGroup] { engine.registry.groups() }

    public func resource(group: String, version: String, plural: String) -> SandboxResource? {
        engine.registry.lookup(group: group, version: version, plural: plural)
    }

    /// A resource by group and kind at its group's preferred served version.
    public func resource(group: String, kind: String) -> SandboxResource? {
        let candidates = engine.registry.all.filter { $0.group == group && $0.kind == kind }
        let order = engine.registry.groups().first { $0.name == group }?.versions ?? []
        return candidates.min { (order.firstIndex(of: $0.version) ?? .max) < (order.firstIndex(of: $1.version) ?? .max) }
    }

    // MARK: Reads

    /// One object (`subresource` nil or `status`), with the requested version's apiVersion.
    public func get(_ r: SandboxResource, namespace: String?, name: String, subresource: String? = nil) throws(SandboxError) -> JSONValue {
        try engine.get(r, namespace: namespace, name: name, subresource: subresource)
    }

    /// One page of objects (namespace nil: every namespace).
    public func list(_ r: SandboxResource, namespace: String?, options: ListOptions) throws(SandboxError) -> SandboxList {
        try engine.list(r, namespace: namespace, options: options)
    }

    /// A stream of changes; see `SandboxWatchOptions`. Throws 410 Expired (reason `Expired`) when
    /// `options.resourceVersion` is older than the history; the real server sends that as an `ERROR`
    /// event on a 200 response, which the HTTP layer should do too.
    public func watch(_ r: SandboxResource, namespace: String?, options: SandboxWatchOptions) throws(SandboxError) -> AsyncStream<SandboxWatchEvent> {
        let stream = try engine.watch(r, namespace: namespace, options: options) { [weak self] id in
            guard let self else { return }
            Task { await self.removeWatcher(id) }
        }
        if options.allowBookmarks { startBookmarks() }
        return stream
    }

    /// How many watches are open.
    public var watchCount: Int { engine.hub.count }

    // MARK: Writes

    public func create(_ r: SandboxResource, namespace: String?, object: JSONValue, fieldManager: String?) throws(SandboxError) -> JSONValue {
        defer { scheduleCompaction() }
        return try engine.create(r, namespace: namespace, object: object, fieldManager: fieldManager)
    }

    /// Replaces an object (PUT); `subresource` nil or `status`.
    public func update(_ r: SandboxResource, namespace: String?, name: String, object: JSONValue, subresource: String?,
                       fieldManager: String? = nil) throws(SandboxError) -> JSONValue {
        try updateReportingCreation(r, namespace: namespace, name: name, object: object, subresource: subresource,
                                    fieldManager: fieldManager).object
    }

    /// `update`, also telling whether the PUT created the object (leases, endpoints, events and RBAC
    /// objects can be created by PUT, as in the real server).
    public func updateReportingCreation(_ r: SandboxResource, namespace: String?, name: String, object: JSONValue,
                                        subresource: String?, fieldManager: String? = nil) throws(SandboxError) -> SandboxWriteResult {
        defer { scheduleCompaction() }
        return try engine.update(r, namespace: namespace, name: name, object: object, subresource: subresource, fieldManager: fieldManager)
    }

    /// Patches an object (`subresource` nil or `status`); `fieldManager` names the manager of merge and JSON patches.
    public func patch(_ r: SandboxResource, namespace: String?, name: String, patch: Patch, subresource: String?,
                      fieldManager: String? = nil) throws(SandboxError) -> JSONValue {
        try patchReportingCreation(r, namespace: namespace, name: name, patch: patch, subresource: subresource,
                                   fieldManager: fieldManager).object
    }

    /// `patch`, also telling whether server-side apply created the object.
    public func patchReportingCreation(_ r: SandboxResource, namespace: String?, name: String, patch: Patch,
                                       subresource: String?, fieldManager: String? = nil) throws(SandboxError) -> SandboxWriteResult {
        defer { scheduleCompaction() }
        return try engine.patch(r, namespace: namespace, name: name, patch: patch, subresource: subresource, fieldManager: fieldManager)
    }

    /// The `scale` subresource (Deployments, StatefulSets, ReplicaSets): read, replace, patch.
    public func scale(_ r: SandboxResource, namespace: String?, name: String) throws(SandboxError) -> JSONValue {
        try engine.getScale(r, namespace: namespace, name: name)
    }

    public func updateScale(_ r: SandboxResource, namespace: String?, name: String, body: JSONValue,
                            fieldManager: String? = nil) throws(SandboxError) -> JSONValue {
        defer { scheduleCompaction() }
        return try engine.updateScale(r, namespace: namespace, name: name, body: body, fieldManager: fieldManager)
    }

    public func patchScale(_ r: SandboxResource, namespace: String?, name: String, patch: Patch,
                           fieldManager: String? = nil) throws(SandboxError) -> JSONValue {
        defer { scheduleCompaction() }
        return try engine.patchScale(r, namespace: namespace, name: name, patch: patch, fieldManager: fieldManager)
    }

    /// Deletes an object. Answers a `Status` (Success) when it is gone at once, otherwise the object as
    /// marked for deletion (finalizers, Foreground or Orphan propagation); pods answer with the object.
    public func delete(_ r: SandboxResource, namespace: String?, name: String, options: SandboxDeleteOptions) throws(SandboxError) -> JSONValue {
        defer { scheduleCompaction() }
        return try engine.delete(r, namespace: namespace, name: name, options: options)
    }

    /// Deletes what a list selects (DELETE on a collection); answers the deleted or marked objects.
    public func deleteCollection(_ r: SandboxResource, namespace: String?, listOptions: ListOptions,
                                 options: SandboxDeleteOptions) throws(SandboxError) -> SandboxList {
        defer { scheduleCompaction() }
        return try engine.deleteCollection(r, namespace: namespace, listOptions: listOptions, options: options)
    }

    // MARK: Fault injection and control

    /// Ends every open watch stream (clients see the stream end and re-watch).
    public func dropAllWatches() { engine.hub.finishAll() }

    /// Forgets the watch history: the next watch from any older resourceVersion gets 410 Expired.
    public func expireHistory() { engine.history.expire(currentResourceVersion: engine.resourceVersion) }

    /// Sends a BOOKMARK now to every watch that asked for bookmarks.
    public func sendBookmarks() { engine.hub.sendBookmarks(resourceVersion: engine.resourceVersion) }

    /// The last failure of work done after a write (garbage collection, compaction), if any.
    public var lastBackgroundError: SandboxError? { engine.lastBackgroundError }

    /// Bytes of a torn last log record dropped at start (0 when the log ended cleanly).
    public var droppedBytesAtRecovery: Int { engine.droppedBytesAtRecovery }

    /// Writes a snapshot now and removes the logs it covers (waits for a running background compaction first).
    public func compact() async throws(SandboxError) {
        while let running = compactionTask { await running.value }
        guard let job = try engine.takeCompactionJob(force: true) else { return }
        do {
            try job.run()
            engine.compactionFinished(nil)
        } catch {
            engine.compactionFinished(error)
            throw error
        }
    }

    /// Waits for a running background compaction.
    public func waitForCompaction() async {
        while let running = compactionTask { await running.value }
    }

    /// Closes the persistence files and ends every watch; later writes fail with 500.
    public func close() {
        bookmarkTask?.cancel()
        bookmarkTask = nil
        engine.close()
    }

    // MARK: Internals

    func removeWatcher(_ id: Int) { engine.hub.remove(id: id) }

    private func startBookmarks() {
        guard bookmarkTask == nil else { return }
        let interval = bookmarkInterval
        bookmarkTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let store = self else { return }
                await store.sendBookmarks()
            }
        }
    }

    private func scheduleCompaction() {
        let job: SnapshotJob?
        do {
            job = try engine.takeCompactionJob()
        } catch {
            engine.lastBackgroundError = error
            return
        }
        guard let job else { return }
        compactionTask = Task.detached { [weak self] in
            var failure: SandboxError?
            do throws(SandboxError) { try job.run() } catch { failure = error }
            await self?.finishCompaction(failure)
        }
    }

    private func finishCompaction(_ error: SandboxError?) {
        engine.compactionFinished(error)
        compactionTask = nil
    }
}
