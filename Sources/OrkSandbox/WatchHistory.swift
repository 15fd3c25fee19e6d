import OrkValue

/// One committed change, as kept for watchers.
struct ChangeEvent: Sendable {
    enum Kind: Sendable { case added, modified, deleted }
    var resourceVersion: Int64
    var storage: String
    var namespace: String
    var kind: Kind
    /// The object after the change (for a delete: the last state, carrying the delete's resourceVersion).
    var object: JSONValue
    /// The object before the change (nil for an add).
    var previous: JSONValue?
}

/// The bounded history of changes that watches resume from: a ring of the last `capacity` events.
final class WatchHistory {
    let capacity: Int
    private var ring: [ChangeEvent] = []
    private var head = 0
    /// A watch from resourceVersion `n` can resume when `n >= oldestResumable`: every change after it is kept.
    private(set) var oldestResumable: Int64

    init(capacity: Int, currentResourceVersion: Int64) {
        self.capacity = max(1, capacity)
        self.oldestResumable = currentResourceVersion
        ring.reserveCapacity(min(self.capacity, 4096))
    }

    func append(_ event: ChangeEvent) {
        if ring.count < capacity {
            ring.append(event)
        } else {
            oldestResumable = ring[head].resourceVersion
            ring[head] = event
            head = (head + 1) % capacity
        }
    }

    /// The kept events after `resourceVersion`, oldest first.
    func events(after resourceVersion: Int64) -> [ChangeEvent] {
        var result: [ChangeEvent] = []
        for offset in 0..<ring.count {
            let event = ring[(head + offset) % ring.count]
            if event.resourceVersion > resourceVersion { result.append(event) }
        }
        return result
    }

    /// Forgets everything: a watch from any version before `currentResourceVersion` gets 410 Gone.
    func expire(currentResourceVersion: Int64) {
        ring.removeAll(keepingCapacity: true)
        head = 0
        oldestResumable = currentResourceVersion
    }
}
