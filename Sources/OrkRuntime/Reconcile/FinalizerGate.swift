/// Whether a deleted CR's finalizer may go (R9): only once every child cache has synced and no
/// child outside the CR's namespace — cluster-scoped, or in another namespace, which no owner
/// reference lets the garbage collector remove — is left on the API server (a live list). Anything
/// else keeps the finalizer, and the CR is looked at again shortly.
enum FinalizerGate: Sendable, Hashable, CustomStringConvertible {
    case open
    /// Child caches (group/resource) that have not listed yet.
    case cachesNotSynced([String])
    /// Owned children still on the API server.
    case childrenRemain([ChildIdentity])

    init(unsynced: [String], remaining: [ChildIdentity]) {
        if !unsynced.isEmpty {
            self = .cachesNotSynced(unsynced)
        } else if !remaining.isEmpty {
            self = .childrenRemain(remaining)
        } else {
            self = .open
        }
    }

    var description: String {
        switch self {
        case .open: return "open"
        case .cachesNotSynced(let keys): return "waiting for the child caches of \(keys.joined(separator: ", ")) to sync"
        case .childrenRemain(let children):
            return "waiting for \(children.map(\.description).joined(separator: ", ")) to be gone"
        }
    }
}
