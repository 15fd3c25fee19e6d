import OrkValue

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
