import OrkValue

/// One `metadata.managedFields` entry: which fields a manager set, by which operation.
struct ManagedFieldsEntry: Hashable {
    var manager: String
    /// `Apply` or `Update`.
    var operation: String
    var apiVersion: String
    var time: String
    var fields: Set<FieldPath>

    /// How conflicts name this manager: `"m1"` for appliers, `"m1" using v1` for updaters.
    var conflictName: String {
        operation == "Apply" ? "\"\(manager)\"" : "\"\(manager)\" using \(apiVersion)"
    }
}

/// Reading, writing and updating `metadata.managedFields` (fieldsType FieldsV1).
///
/// Simplification: field sets hold leaf fields of maps; lists are atomic (no `k:`/`v:` keys) and `.`
/// only appears for a field owned both as a whole and through its children.
enum ManagedFields {
    static func decode(_ object: JSONValue) -> [ManagedFieldsEntry] {
        guard let entries = object["metadata"]?["managedFields"]?.arrayValue else { return [] }
        return entries.compactMap { entry -> ManagedFieldsEntry? in
            guard let manager = entry["manager"]?.stringValue, let operation = entry["operation"]?.stringValue else { return nil }
            var fields = Set<FieldPath>()
            if let fieldsV1 = entry["fieldsV1"] { decodeFields(fieldsV1, [], into: &fields) }
            return ManagedFieldsEntry(manager: manager, operation: operation,
                                      apiVersion: entry["apiVersion"]?.stringValue ?? "",
                                      time: entry["time"]?.stringValue ?? "", fields: fields)
        }
    }

    private static func decodeFields(_ value: JSONValue, _ path: FieldPath, into fields: inout Set<FieldPath>) {
        guard case .object(let children) = value else { return }
        for (key, child) in children {
            if key == "." { fields.insert(path); continue }
            guard key.hasPrefix("f:") else { continue }
            let name = String(key.dropFirst(2))
            if case .object(let grandchildren) = child, !grandchildren.isEmpty {
                decodeFields(child, path + [name], into: &fields)
            } else {
                fields.insert(path + [name])
            }
        }
    }

    static func encodeFields(_ fields: Set<FieldPath>) -> JSONValue {
        final class Node { var children: [String: Node] = [:]; var isLeaf = false }
        let root = Node()
        for path in fields {
            var node = root
            for key in path {
                if let next = node.children[key] { node = next } else {
                    let next = Node()
                    node.children[key] = next
                    node = next
                }
            }
            node.isLeaf = true
        }
        func render(_ node: Node) -> JSONValue {
            var object: [String: JSONValue] = [:]
            if node.isLeaf && !node.children.isEmpty { object["."] = .object([:]) }
            for (key, child) in node.children { object["f:" + key] = render(child) }
            return .object(object)
        }
        return render(root)
    }

    /// An Update by `manager`: it takes the fields it changed; everyone keeps only fields still present.
    static func recordUpdate(_ entries: [ManagedFieldsEntry], manager: String, apiVersion: String, time: String,
                             changed: Set<FieldPath>, leaves: Set<FieldPath>) -> [ManagedFieldsEntry] {
        var result: [ManagedFieldsEntry] = []
        var found = false
        for var entry in entries {
            if entry.manager == manager && entry.operation == "Update" {
                found = true
                let updated = entry.fields.filter(leaves.contains).union(changed)
                if updated != entry.fields || (!changed.isEmpty && entry.apiVersion != apiVersion) {
                    entry.fields = updated
                    entry.time = time
                    entry.apiVersion = apiVersion
                }
            } else {
                entry.fields = entry.fields.filter { leaves.contains($0) && !changed.contains($0) }
            }
            if !entry.fields.isEmpty { result.append(entry) }
        }
        if !found && !changed.isEmpty {
            result.append(ManagedFieldsEntry(manager: manager, operation: "Update", apiVersion: apiVersion, time: time, fields: changed))
        }
        return result
    }

    /// An Apply by `manager`: it owns exactly the applied fields (that hold the applied value); managers it
    /// forced lose the conflicting fields; everyone keeps only fields still present.
    static func recordApply(_ entries: [ManagedFieldsEntry], manager: String, apiVersion: String, time: String,
                            applied: Set<FieldPath>, stolen: Set<FieldPath>, leaves: Set<FieldPath>) -> [ManagedFieldsEntry] {
        var result: [ManagedFieldsEntry] = []
        var found = false
        for var entry in entries {
            if entry.manager == manager && entry.operation == "Apply" {
                found = true
                if entry.fields != applied || entry.apiVersion != apiVersion {
                    entry.fields = applied
                    entry.time = time
                    entry.apiVersion = apiVersion
                }
            } else {
                entry.fields = entry.fields.filter { leaves.contains($0) && !stolen.contains($0) }
            }
            if !entry.fields.isEmpty { result.append(entry) }
        }
        if !found && !applied.isEmpty {
            result.append(ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: apiVersion, time: time, fields: applied))
        }
        return result
    }

    /// A write by the server itself (garbage collector, namespace and CRD finalization): no new owner.
    static func prune(_ entries: [ManagedFieldsEntry], leaves: Set<FieldPath>) -> [ManagedFieldsEntry] {
        entries.compactMap { entry in
            var entry = entry
            entry.fields = entry.fields.filter(leaves.contains)
            return entry.fields.isEmpty ? nil : entry
        }
    }
}

/// Encodes managed fields, sharing identical values between objects: objects written the same way carry
/// equal `managedFields` (often byte for byte within one second), and `JSONValue` storage is copy-on-write,
/// so one shared value saves several dictionaries per object.
final class ManagedFieldsEncoder {
    private var entriesCache: [[ManagedFieldsEntry]: JSONValue] = [:]
    private var fieldsCache: [Set<FieldPath>: JSONValue] = [:]
    private let limit = 4096

    func encode(_ entries: [ManagedFieldsEntry]) -> JSONValue? {
        if entries.isEmpty { return nil }
        if let cached = entriesCache[entries] { return cached }
        let encoded = JSONValue.array(entries.map { entry in
            .object([
                "manager": .string(entry.manager), "operation": .string(entry.operation),
                "apiVersion": .string(entry.apiVersion), "time": .string(entry.time),
                "fieldsType": "FieldsV1", "fieldsV1": fields(entry.fields),
            ])
        })
        if entriesCache.count >= limit { entriesCache.removeAll(keepingCapacity: true) }
        entriesCache[entries] = encoded
        return encoded
    }

    private func fields(_ set: Set<FieldPath>) -> JSONValue {
        if let cached = fieldsCache[set] { return cached }
        let encoded = ManagedFields.encodeFields(set)
        if fieldsCache.count >= limit { fieldsCache.removeAll(keepingCapacity: true) }
        fieldsCache[set] = encoded
        return encoded
    }
}
