import OrkValue

/// Reading objects: get and list (selectors, paging).
extension SandboxEngine {
    func get(_ requested: SandboxResource, namespace: String?, name: String, subresource: String?) throws(SandboxError) -> JSONValue {
        let resource = try registry.resolve(requested)
        try checkSubresource(resource, subresource)
        let namespace = try namespaceKey(resource, namespace)
        guard let stored = tables[resource.storageKey]?.get(namespace: namespace, name: name) else {
            throw SandboxError.notFound(resource, name: name)
        }
        return present(stored.object, resource)
    }

    /// Parses a resourceVersion parameter (nil for unset or empty).
    func parseResourceVersion(_ text: String?) throws(SandboxError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else { throw SandboxError.unparsableResourceVersion(text) }
        return value
    }

    func selectors(_ resource: SandboxResource, label: String?, field: String?) throws(SandboxError) -> (LabelSelector, FieldSelector) {
        let labels = try LabelSelector.parse(label ?? "")
        let extra = resource.isCRDDefined ? [] : BuiltinResources.overlay(storageKey: resource.storageKey).selectableFields
        let fields = try FieldSelector.parse(field ?? "", extraFields: extra)
        return (labels, fields)
    }

    func list(_ requested: SandboxResource, namespace: String?, options: ListOptions) throws(SandboxError) -> SandboxList {
        let resource = try registry.resolve(requested)
        let (labels, fields) = try selectors(resource, label: options.labelSelector, field: options.fieldSelector)
        let scope: String? = resource.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : ""
        var limit = max(0, options.limit ?? 0)
        let filtered = !labels.isEverything || !fields.isEverything
        let table = table(resource.storageKey)

        if let token = options.continueToken, !token.isEmpty {
            if let version = options.resourceVersion, !version.isEmpty {
                throw SandboxError.badRequest("specifying resource version is not allowed when using continue")
            }
            let decoded = try ListContinueToken.decode(token)
            let key = ListSnapshots.Key(storage: resource.storageKey, namespace: scope, resourceVersion: decoded.resourceVersion)
            guard let entries = listSnapshots.get(key) else {
                throw SandboxError.expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
            }
            let start = SandboxEngine.lowerBound(entries, decoded.start)
            return page(resource, entries, from: start, limit: limit, labels: labels, fields: fields, filtered: filtered,
                        snapshot: key, store: false)
        }

        if let requestedVersion = try parseResourceVersion(options.resourceVersion), requestedVersion > resourceVersion {
            throw SandboxError.tooLargeResourceVersion(requestedVersion, current: resourceVersion)
        }
        if options.resourceVersion == "0" { limit = 0 }
        let keys = table.sortedEntries(namespace: scope)
        if limit == 0 || keys.count <= limit {
            var items: [JSONValue] = []
            items.reserveCapacity(keys.count)
            for entry in keys {
                guard let stored = table.get(namespace: entry.namespace, name: entry.name) else { continue }
                if filtered && !(labels.matches(stored.object) && fields.matches(stored.object)) { continue }
                items.append(present(stored.object, resource))
            }
            return SandboxList(items: items, resourceVersion: String(resourceVersion))
        }
        var entries: [ListSnapshots.Entry] = []
        entries.reserveCapacity(keys.count)
        for entry in keys {
            if let stored = table.get(namespace: entry.namespace, name: entry.name) {
                entries.append(ListSnapshots.Entry(key: entry.key, stored: stored))
            }
        }
        let key = ListSnapshots.Key(storage: resource.storageKey, namespace: scope, resourceVersion: resourceVersion)
        return page(resource, entries, from: 0, limit: limit, labels: labels, fields: fields, filtered: filtered,
                    snapshot: key, store: true)
    }

    /// One page from a frozen key order; stores the snapshot when a further page is possible.
    private func page(_ resource: SandboxResource, _ entries: [ListSnapshots.Entry], from start: Int, limit: Int,
                      labels: LabelSelector, fields: FieldSelector, filtered: Bool,
                      snapshot: ListSnapshots.Key, store: Bool) -> SandboxList {
        var items: [JSONValue] = []
        var index = start
        var lastKey: String?
        while index < entries.count && (limit == 0 || items.count < limit) {
            let entry = entries[index]
            index += 1
            if filtered && !(labels.matches(entry.stored.object) && fields.matches(entry.stored.object)) { continue }
            items.append(present(entry.stored.object, resource))
            lastKey = entry.key
        }
        let version = String(snapshot.resourceVersion)
        guard index < entries.count, let lastKey else {
            return SandboxList(items: items, resourceVersion: version)
        }
        if store { listSnapshots.put(snapshot, entries) }
        let token = ListContinueToken(resourceVersion: snapshot.resourceVersion, start: lastKey + "\u{0}").encoded()
        return SandboxList(items: items, resourceVersion: version, continueToken: token,
                           remainingItemCount: filtered ? nil : entries.count - index)
    }

    /// The index of the first entry whose key is not below `key`.
    static func lowerBound(_ entries: [ListSnapshots.Entry], _ key: String) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
