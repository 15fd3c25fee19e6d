import OrkValue

/// The objects of an informer, by key, with its secondary indexes kept in step. A plain value
/// type: the informer guards it with its lock, and every mutation returns the events it implies,
/// so the store and the event streams never disagree.
struct InformerStore: Sendable {
    private(set) var objects: [ObjectKey: JSONValue] = [:]
    private(set) var indexers: [String: Indexer] = [:]
    /// index name → index value → keys.
    private var indexes: [String: [String: Set<ObjectKey>]] = [:]

    init(indexers: [Indexer] = []) {
        for indexer in indexers { addIndexer(indexer) }
    }

    var count: Int { objects.count }

    subscript(key: ObjectKey) -> JSONValue? { objects[key] }

    /// Registers (or replaces) an index and fills it from the current objects.
    mutating func addIndexer(_ indexer: Indexer) {
        indexers[indexer.name] = indexer
        var index: [String: Set<ObjectKey>] = [:]
        for (key, object) in objects {
            for value in Set(indexer.values(object)) { index[value, default: []].insert(key) }
        }
        indexes[indexer.name] = index
    }

    /// The objects whose `indexName` values include `value`, sorted by key; nil when no such index exists.
    func objects(index indexName: String, value: String) -> [JSONValue]? {
        guard let index = indexes[indexName] else { return nil }
        return (index[value] ?? []).sorted().compactMap { objects[$0] }
    }

    /// The index values currently present in `indexName`, or nil when no such index exists.
    func indexValues(_ indexName: String) -> [String]? {
        indexes[indexName].map { $0.keys.sorted() }
    }

    /// Stores the (already trimmed) `object`; returns the event: `.added`, `.updated`, or nil when
    /// the stored copy already has this resourceVersion (a replayed event is not a change).
    mutating func upsert(_ object: JSONValue) -> InformerEvent? {
        guard let key = ObjectKey(of: object) else { return nil }
        let old = objects[key]
        if let old, !object.resourceVersion.isEmpty, old.resourceVersion == object.resourceVersion { return nil }
        put(key, object, replacing: old)
        guard let old else { return .added(object) }
        return .updated(old: old, new: object)
    }

    /// Removes the object with `object`'s key; returns `.deleted` with the server's final state
    /// (or the stored one when the server sent none), nil when it was not stored.
    mutating func delete(_ object: JSONValue) -> InformerEvent? {
        guard let key = ObjectKey(of: object), let old = objects[key] else { return nil }
        put(key, nil, replacing: old)
        return .deleted(object.resourceVersion.isEmpty ? old : object)
    }

    /// Replaces the content with a fresh list (already trimmed); returns the difference as events.
    mutating func replace(with listed: [JSONValue]) -> [InformerEvent] {
        let events = RelistDiff.events(stored: objects, listed: listed)
        for event in events {
            guard let key = event.key else { continue }
            switch event {
            case .added(let object), .updated(_, let object): put(key, object, replacing: objects[key])
            case .deleted: put(key, nil, replacing: objects[key])
            case .resync: break
            }
        }
        return events
    }

    private mutating func put(_ key: ObjectKey, _ object: JSONValue?, replacing old: JSONValue?) {
        for (name, indexer) in indexers {
            let before = old.map { Set(indexer.values($0)) } ?? []
            let after = object.map { Set(indexer.values($0)) } ?? []
            guard before != after else { continue }
            for value in before.subtracting(after) {
                indexes[name]?[value]?.remove(key)
                if indexes[name]?[value]?.isEmpty == true { indexes[name]?[value] = nil }
            }
            for value in after.subtracting(before) { indexes[name, default: [:]][value, default: []].insert(key) }
        }
        objects[key] = object
    }
}
