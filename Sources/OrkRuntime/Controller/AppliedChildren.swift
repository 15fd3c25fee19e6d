import OrkValue
import Synchronization

/// What the runtime last knew of each child it applied: its generation (or, for kinds without one
/// such as ConfigMaps, its resourceVersion). A cached child whose hash annotation matches the
/// desired one but whose generation moved was edited by someone else and is re-applied (drift
/// repair); one that did not move costs no write. Status-only changes (a Deployment's ready
/// replicas) bump the resourceVersion but not the generation, so they never trigger a write.
final class AppliedChildren: Sendable {
    struct Mark: Sendable, Hashable {
        var generation: Int?
        var resourceVersion: String
    }

    private let marks = Mutex<[String: Mark]>([:])

    /// Records the state of a child after the runtime wrote it (or first saw it unchanged).
    func record(_ object: JSONValue) {
        guard let uid = object.value(atDotted: "metadata.uid")?.stringValue, !uid.isEmpty else { return }
        let mark = Self.mark(of: object)
        marks.withLock { $0[uid] = mark }
    }

    /// Whether `cached` is as the runtime left it. A child never seen before is taken as the
    /// baseline (after a restart the cache is trusted once).
    func isUnmodified(_ cached: JSONValue) -> Bool {
        guard let uid = cached.value(atDotted: "metadata.uid")?.stringValue, !uid.isEmpty else { return false }
        let current = Self.mark(of: cached)
        return marks.withLock { marks in
            guard let known = marks[uid] else {
                marks[uid] = current
                return true
            }
            if let generation = current.generation, let knownGeneration = known.generation {
                return generation == knownGeneration
            }
            return current.resourceVersion == known.resourceVersion
        }
    }

    func forget(uid: String) {
        _ = marks.withLock { $0.removeValue(forKey: uid) }
    }

    var count: Int { marks.withLock { $0.count } }

    static func mark(of object: JSONValue) -> Mark {
        let generation = object.value(atDotted: "metadata.generation")?.intValue
        return Mark(generation: (generation ?? 0) > 0 ? generation : nil,
                    resourceVersion: object.value(atDotted: "metadata.resourceVersion")?.stringValue ?? "")
    }
}
