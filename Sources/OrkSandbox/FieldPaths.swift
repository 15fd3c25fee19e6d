import OrkValue

/// A path to a field of an object (object keys only: lists are atomic).
typealias FieldPath = [String]

/// The leaf fields of objects, as managed fields track them: maps are descended, everything else
/// (scalars, lists, empty maps) is a leaf. `apiVersion`, `kind` and the server-owned metadata fields
/// are not tracked.
enum FieldPaths {
    /// Metadata fields the server owns; they never appear in managed fields.
    static let systemMetadata: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ]

    static func isTracked(topLevel key: String) -> Bool { key != "apiVersion" && key != "kind" }

    /// Every tracked leaf path of `object`.
    static func leaves(of object: JSONValue) -> Set<FieldPath> {
        var leaves = Set<FieldPath>()
        guard case .object(let fields) = object else { return leaves }
        for (key, value) in fields where isTracked(topLevel: key) {
            if key == "metadata", case .object(let metadata) = value {
                for (metaKey, metaValue) in metadata where !systemMetadata.contains(metaKey) {
                    collect(metaValue, ["metadata", metaKey], into: &leaves)
                }
            } else {
                collect(value, [key], into: &leaves)
            }
        }
        return leaves
    }

    private static func collect(_ value: JSONValue, _ path: FieldPath, into leaves: inout Set<FieldPath>) {
        if case .object(let fields) = value, !fields.isEmpty {
            for (key, child) in fields { collect(child, path + [key], into: &leaves) }
        } else {
            leaves.insert(path)
        }
    }

    /// The tracked leaves of `new` whose value differs from `old` (all of them when `old` is nil).
    static func changedLeaves(from old: JSONValue?, to new: JSONValue) -> Set<FieldPath> {
        var changed = Set<FieldPath>()
        guard case .object(let fields) = new else { return changed }
        for (key, value) in fields where isTracked(topLevel: key) {
            let before = old?[key]
            if key == "metadata", case .object(let metadata) = value {
                for (metaKey, metaValue) in metadata where !systemMetadata.contains(metaKey) {
                    diff(before?[metaKey], metaValue, ["metadata", metaKey], into: &changed)
                }
            } else {
                diff(before, value, [key], into: &changed)
            }
        }
        return changed
    }

    private static func diff(_ old: JSONValue?, _ new: JSONValue, _ path: FieldPath, into changed: inout Set<FieldPath>) {
        if case .object(let fields) = new, !fields.isEmpty {
            let oldFields = old?.objectValue
            for (key, child) in fields { diff(oldFields?[key], child, path + [key], into: &changed) }
        } else if old != new {
            changed.insert(path)
        }
    }

    /// The value at `path`, or nil.
    static func value(at path: FieldPath, in object: JSONValue) -> JSONValue? {
        var current = object
        for key in path {
            guard case .object(let fields) = current, let next = fields[key] else { return nil }
            current = next
        }
        return current
    }

    /// A copy without the field at `path`; maps left empty by the removal are removed too
    /// (except the object itself and `metadata`).
    static func removing(_ path: ArraySlice<String>, from value: JSONValue, depth: Int = 0) -> JSONValue {
        guard let key = path.first, case .object(var fields) = value else { return value }
        if path.count == 1 {
            fields.removeValue(forKey: key)
        } else if let child = fields[key] {
            let updated = removing(path.dropFirst(), from: child, depth: depth + 1)
            if case .object(let remaining) = updated, remaining.isEmpty, case .object(let before) = child, !before.isEmpty,
               !(depth == 0 && key == "metadata") {
                fields.removeValue(forKey: key)
            } else {
                fields[key] = updated
            }
        }
        return .object(fields)
    }

    /// The path as the API prints it in conflicts: `.data.key`.
    static func describe(_ path: FieldPath) -> String {
        path.map { "." + $0 }.joined()
    }
}
