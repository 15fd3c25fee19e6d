import OrkValue

/// Watches: initial state or history replay, then live changes, bookmarks.
extension SandboxEngine {
    func watch(_ requested: SandboxResource, namespace: String?, options: SandboxWatchOptions,
               onTermination: @escaping @Sendable (Int) -> Void) throws(SandboxError) -> AsyncStream<SandboxWatchEvent> {
        let resource = try registry.resolve(requested)
        let (labels, fields) = try selectors(resource, label: options.labelSelector, field: options.fieldSelector)
        let scope: String? = resource.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        let requestedVersion = try parseResourceVersion(options.resourceVersion)
        let after: Int64
        var initial: [SandboxWatchEvent] = []
        var replay: [ChangeEvent] = []
        if let requestedVersion, requestedVersion != 0 {
            if requestedVersion < history.oldestResumable {
                throw SandboxError.expired("too old resource version: \(requestedVersion) (\(history.oldestResumable + 1))")
            }
            after = requestedVersion
            replay = history.events(after: requestedVersion).filter { $0.storage == resource.storageKey }
        } else {
            after = resourceVersion
            if let table = tables[resource.storageKey] {
                for entry in table.sortedEntries(namespace: resource.namespaced ? scope : "") {
                    guard let stored = table.get(namespace: entry.namespace, name: entry.name),
                          labels.matches(stored.object), fields.matches(stored.object) else { continue }
                    initial.append(SandboxWatchEvent(type: "ADDED", object: present(stored.object, resource)))
                }
            }
        }
        let id = hub.makeID()
        let (stream, continuation) = AsyncStream.makeStream(
            of: SandboxWatchEvent.self,
            bufferingPolicy: .bufferingOldest(settings.watchBufferLimit + initial.count + replay.count))
        continuation.onTermination = { _ in onTermination(id) }
        let watcher = Watcher(id: id, resource: resource, namespace: scope, labels: labels, fields: fields,
                              bookmarks: options.allowBookmarks, afterResourceVersion: after, continuation: continuation)
        for event in initial { _ = watcher.send(event) }
        for change in replay {
            if let event = watcher.event(for: change) { _ = watcher.send(event) }
        }
        hub.add(watcher)
        return stream
    }
}
