import OrkValue

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
