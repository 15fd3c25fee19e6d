import OrkValue

/// Server-side apply, simplified: maps merge key by key, lists and scalars are replaced as a whole.
///
/// A field conflicts when another manager owns it (or a parent or child of it) and the applied value
/// differs from the live one; without `force` that is a 409 naming the managers, with `force` the
/// applier takes the fields over. Fields the applier set before but no longer applies are removed
/// unless another manager owns them.
enum ServerSideApply {
    struct Outcome {
        var object: JSONValue
        var applied: Set<FieldPath>
        var stolen: Set<FieldPath>
    }

    static func apply(_ configuration: JSONValue, to live: JSONValue, manager: String, force: Bool,
                      entries: [ManagedFieldsEntry]) throws(SandboxError) -> Outcome {
        let applied = FieldPaths.leaves(of: configuration)
        var conflicts: [(manager: String, path: String)] = []
        var stolen = Set<FieldPath>()
        for entry in entries where entry.manager != manager {
            for path in applied.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let overlapping = owned(path, by: entry)
                guard !overlapping.isEmpty else { continue }
                let liveValue = FieldPaths.value(at: path, in: live)
                let appliedValue = FieldPaths.value(at: path, in: configuration)
                if let liveValue, let appliedValue, JSONEquality.equal(liveValue, appliedValue) { continue }
                conflicts.append((entry.conflictName, FieldPaths.describe(path)))
                stolen.formUnion(overlapping)
            }
        }
        if !conflicts.isEmpty && !force { throw SandboxError.applyConflict(conflicts) }

        var merged = merge(configuration, into: live)
        let previous = entries.first { $0.manager == manager && $0.operation == "Apply" }?.fields ?? []
        for path in previous where !applied.contains(path) && !appliedContainsRelative(path, applied) {
            let ownedElsewhere = entries.contains { entry in
                !(entry.manager == manager && entry.operation == "Apply")
                    && !owned(path, by: entry).subtracting(stolen).isEmpty
            }
            if !ownedElsewhere { merged = FieldPaths.removing(path[...], from: merged) }
        }
        return Outcome(object: merged, applied: applied, stolen: stolen)
    }

    /// The paths of `entry` that are `path`, one of its parents or one of its children.
    static func owned(_ path: FieldPath, by entry: ManagedFieldsEntry) -> Set<FieldPath> {
        var result = Set<FieldPath>()
        if entry.fields.contains(path) { result.insert(path) }
        if path.count > 1 {
            for length in 1..<path.count where entry.fields.contains(Array(path.prefix(length))) {
                result.insert(Array(path.prefix(length)))
            }
        }
        for owned in entry.fields where owned.count > path.count && Array(owned.prefix(path.count)) == path {
            result.insert(owned)
        }
        return result
    }

    private static func appliedContainsRelative(_ path: FieldPath, _ applied: Set<FieldPath>) -> Bool {
        applied.contains { $0.count > path.count && Array($0.prefix(path.count)) == path }
    }

    /// The configuration merged into the live object: maps recursively, anything else replaced.
    static func merge(_ configuration: JSONValue, into live: JSONValue) -> JSONValue {
        guard case .object(let applied) = configuration, case .object(var fields) = live else { return configuration }
        for (key, value) in applied {
            if let existing = fields[key] {
                fields[key] = merge(value, into: existing)
            } else {
                fields[key] = value
            }
        }
        return .object(fields)
    }
}
