#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The frozen key order of a paged list, so that every page of one list reflects the same state
/// (as the real server's etcd-backed pages do). Kept for a few minutes; evicted oldest first.
final class ListSnapshots {
    struct Key: Hashable {
        var storage: String
        var namespace: String?
        var resourceVersion: Int64
    }

    struct Entry {
        var key: String
        var stored: StoredObject
    }

    private var snapshots: [Key: (created: Double, entries: [Entry])] = [:]
    private var order: [Key] = []
    let capacity: Int
    let ttlSeconds: Int

    init(capacity: Int, ttlSeconds: Int) {
        self.capacity = max(1, capacity)
        self.ttlSeconds = ttlSeconds
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    func get(_ key: Key) -> [Entry]? {
        guard let snapshot = snapshots[key] else { return nil }
        if ListSnapshots.now() - snapshot.created > Double(ttlSeconds) {
            snapshots[key] = nil
            order.removeAll { $0 == key }
            return nil
        }
        return snapshot.entries
    }

    func put(_ key: Key, _ entries: [Entry]) {
        if snapshots[key] == nil { order.append(key) }
        snapshots[key] = (ListSnapshots.now(), entries)
        while order.count > capacity {
            snapshots[order.removeFirst()] = nil
        }
    }
}
