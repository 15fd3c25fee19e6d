import OrkValue

/// One object as stored: the full JSON (at the storage version) and its resourceVersion.
struct StoredObject: Sendable, Hashable {
    var object: JSONValue
    var resourceVersion: Int64
}

/// Where an object lives: its storage (`plural.group`), namespace (empty when cluster-scoped) and name.
struct ObjectRef: Hashable, Sendable {
    var storage: String
    var namespace: String
    var name: String
}

/// The objects of one storage, indexed by namespace then name, with sorted key orders cached for lists.
final class ObjectTable {
    let storage: String
    private(set) var objects: [String: [String: StoredObject]] = [:]
    private(set) var count = 0
    private var sortedNamesCache: [String: [String]] = [:]
    private var sortedKeysCache: [(key: String, namespace: String, name: String)]?

    init(storage: String) { self.storage = storage }

    func get(namespace: String, name: String) -> StoredObject? { objects[namespace]?[name] }

    func count(inNamespace namespace: String) -> Int { objects[namespace]?.count ?? 0 }

    func put(namespace: String, name: String, _ stored: StoredObject) {
        let inserted = objects[namespace, default: [:]].updateValue(stored, forKey: name) == nil
        if inserted {
            count += 1
            sortedNamesCache[namespace] = nil
            sortedKeysCache = nil
        }
    }

    @discardableResult
    func remove(namespace: String, name: String) -> StoredObject? {
        guard let removed = objects[namespace]?.removeValue(forKey: name) else { return nil }
        count -= 1
        if objects[namespace]?.isEmpty ?? false { objects[namespace] = nil }
        sortedNamesCache[namespace] = nil
        sortedKeysCache = nil
        return removed
    }

    /// Names in one namespace in key order.
    func sortedNames(namespace: String) -> [String] {
        if let cached = sortedNamesCache[namespace] { return cached }
        let names = (objects[namespace]?.keys).map { Array($0).sorted() } ?? []
        sortedNamesCache[namespace] = names
        return names
    }

    /// Every object's list key in key order: the name for one namespace or a cluster-scoped storage,
    /// `namespace/name` across namespaces (the real server's etcd key order).
    func sortedEntries(namespace: String?) -> [(key: String, namespace: String, name: String)] {
        if let namespace {
            return sortedNames(namespace: namespace).map { (key: $0, namespace: namespace, name: $0) }
        }
        if let cached = sortedKeysCache { return cached }
        var entries: [(key: String, namespace: String, name: String)] = []
        entries.reserveCapacity(count)
        for (namespace, names) in objects {
            for name in names.keys {
                entries.append((key: namespace.isEmpty ? name : namespace + "/" + name, namespace: namespace, name: name))
            }
        }
        entries.sort { $0.key < $1.key }
        sortedKeysCache = entries
        return entries
    }

    /// Every stored object (unordered), for snapshots and scans.
    func allObjects() -> [(namespace: String, name: String, stored: StoredObject)] {
        var all: [(namespace: String, name: String, stored: StoredObject)] = []
        all.reserveCapacity(count)
        for (namespace, names) in objects {
            for (name, stored) in names { all.append((namespace, name, stored)) }
        }
        return all
    }

    /// The raw contents (copy-on-write, so cheap) for a persistence snapshot.
    var contents: [String: [String: StoredObject]] { objects }

    /// Replaces the contents (recovery).
    func load(_ contents: [String: [String: StoredObject]]) {
        objects = contents
        count = contents.values.reduce(0) { $0 + $1.count }
        sortedNamesCache = [:]
        sortedKeysCache = nil
    }
}
