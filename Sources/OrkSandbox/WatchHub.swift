import OrkCore

/// One open watch: its filters and the stream it feeds.
final class Watcher {
    let id: Int
    let resource: SandboxResource
    let namespace: String?
    let labels: LabelSelector
    let fields: FieldSelector
    let bookmarks: Bool
    /// Changes at or before this version are not delivered (a watch from a future version).
    let afterResourceVersion: Int64
    let continuation: AsyncStream<SandboxWatchEvent>.Continuation

    init(id: Int, resource: SandboxResource, namespace: String?, labels: LabelSelector, fields: FieldSelector,
         bookmarks: Bool, afterResourceVersion: Int64, continuation: AsyncStream<SandboxWatchEvent>.Continuation) {
        self.id = id
        self.resource = resource
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
        self.bookmarks = bookmarks
        self.afterResourceVersion = afterResourceVersion
        self.continuation = continuation
    }

    func selects(_ object: JSONValue, namespace objectNamespace: String) -> Bool {
        if let namespace, namespace != objectNamespace { return false }
        return labels.matches(object) && fields.matches(object)
    }

    /// The event this watcher sees for a change, as the real watch cache computes it: an object that
    /// starts matching is ADDED, one that stops matching is DELETED (its previous state at the new version).
    func event(for change: ChangeEvent) -> SandboxWatchEvent? {
        if change.resourceVersion <= afterResourceVersion { return nil }
        let current = change.kind != .deleted && selects(change.object, namespace: change.namespace)
        let before = change.previous.map { selects($0, namespace: change.namespace) } ?? false
        switch (current, before) {
        case (true, false):
            return SandboxWatchEvent(type: "ADDED", object: change.object.withAPIVersion(resource.apiVersion))
        case (true, true):
            return SandboxWatchEvent(type: "MODIFIED", object: change.object.withAPIVersion(resource.apiVersion))
        case (false, true):
            var gone = change.kind == .deleted ? change.object : (change.previous ?? change.object)
            if change.kind != .deleted {
                gone.updateMetadata { $0["resourceVersion"] = .string(String(change.resourceVersion)) }
            }
            return SandboxWatchEvent(type: "DELETED", object: gone.withAPIVersion(resource.apiVersion))
        case (false, false):
            return nil
        }
    }

    /// Sends an event; false when the stream is gone or its buffer overflowed (then it is finished).
    func send(_ event: SandboxWatchEvent) -> Bool {
        switch continuation.yield(event) {
        case .enqueued: return true
        case .dropped:
            continuation.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }
}

/// Every open watch, by storage, and the fan-out of changes to them.
final class WatchHub {
    private var watchers: [String: [Int: Watcher]] = [:]
    private var nextID = 1

    var count: Int { watchers.values.reduce(0) { $0 + $1.count } }

    func makeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    func add(_ watcher: Watcher) {
        watchers[watcher.resource.storageKey, default: [:]][watcher.id] = watcher
    }

    func remove(id: Int) {
        for storage in Array(watchers.keys) where watchers[storage]?.removeValue(forKey: id) != nil {
            if watchers[storage]?.isEmpty ?? false { watchers[storage] = nil }
            return
        }
    }

    /// Delivers a change to the watches of its storage; ends and drops watches that cannot keep up.
    func publish(_ change: ChangeEvent) {
        guard let forStorage = watchers[change.storage] else { return }
        var dead: [Int] = []
        for (id, watcher) in forStorage {
            guard let event = watcher.event(for: change) else { continue }
            if !watcher.send(event) { dead.append(id) }
        }
        for id in dead { watchers[change.storage]?.removeValue(forKey: id) }
        if watchers[change.storage]?.isEmpty ?? false { watchers[change.storage] = nil }
    }

    /// Sends a BOOKMARK at `resourceVersion` to every watch that asked for them.
    func sendBookmarks(resourceVersion: Int64) {
        for (storage, forStorage) in watchers {
            for (id, watcher) in forStorage where watcher.bookmarks && resourceVersion > watcher.afterResourceVersion {
                let object: JSONValue = [
                    "apiVersion": .string(watcher.resource.apiVersion), "kind": .string(watcher.resource.kind),
                    "metadata": ["resourceVersion": .string(String(resourceVersion)), "creationTimestamp": nil],
                ]
                if !watcher.send(SandboxWatchEvent(type: "BOOKMARK", object: object)) {
                    watchers[storage]?.removeValue(forKey: id)
                }
            }
        }
    }

    /// Ends the watches of one resource version (nil: every version of the storage).
    func finish(storage: String, version: String? = nil) {
        guard let forStorage = watchers[storage] else { return }
        for (id, watcher) in forStorage where version == nil || watcher.resource.version == version {
            watcher.continuation.finish()
            watchers[storage]?.removeValue(forKey: id)
        }
        if watchers[storage]?.isEmpty ?? false { watchers[storage] = nil }
    }

    /// Ends every watch.
    func finishAll() {
        let all = watchers.values.flatMap(\.values)
        watchers = [:]
        for watcher in all { watcher.continuation.finish() }
    }
}
