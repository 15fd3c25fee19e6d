import OrkValue

/// A change to an informer's store, as delivered to subscribers.
public enum InformerEvent: Sendable, Hashable {
    /// An object appeared (watch ADDED, an object found by a relist, or the replay of the store
    /// to a new subscriber).
    case added(JSONValue)
    /// An object changed: its previous and current state (never the same resourceVersion).
    case updated(old: JSONValue, new: JSONValue)
    /// An object disappeared; the payload is its last known state.
    case deleted(JSONValue)
    /// The periodic resync re-delivering an unchanged object, so consumers can re-check it.
    case resync(JSONValue)

    /// The object the event is about (the new state for updates).
    public var object: JSONValue {
        switch self {
        case .added(let object), .deleted(let object), .resync(let object): return object
        case .updated(_, let new): return new
        }
    }

    /// The key of the object the event is about.
    public var key: ObjectKey? { ObjectKey(of: object) }
}
