import OrkKatalog
import OrkTemplate
import OrkValue

/// Values the Katalog's mutation rules fill in, mirrored into the CR's status without a declared
/// status field for each (`spec.replicas` defaulted to 2 ⇒ `status.replicas: 2`), as the
/// documentation shows them.
///
/// Only where the API server keeps them: a path the CRD's status schema declares, or one under
/// `x-kubernetes-preserve-unknown-fields`. A pruned field would differ from what the runtime wants
/// after every write, and each write's own watch event would bring the next one. Without a schema
/// (a CRD declared with `apiTypes`) nothing is mirrored. A declared status field of the same path
/// wins; templated rule fields and fields outside `spec` are not mirrored. A value the status
/// schema would refuse (a string where it declares an integer) is not mirrored either: the status
/// write would fail with 422 at every reconcile.
struct MutatedStatus: Sendable, Hashable {
    struct Mirror: Sendable, Hashable {
        /// Where the value is read in the CR (`spec.replicas`).
        var source: String
        /// Where it is written under `status` (`replicas`).
        var target: String
        /// The status schema's `type` there (nil: any value, e.g. under preserve-unknown-fields).
        var type: String? = nil
    }

    let mirrors: [Mirror]

    init(_ entry: CRDEntry) {
        let declared = Set(entry.operatorBox.status.fields.map(\.path))
        let schema = entry.api.schemas[entry.api.storageVersion]
        var mirrors: [Mirror] = []
        for rule in entry.mutation.rules where rule.firesAtReconcile && !rule.field.contains("{{") {
            let parts = JSONValue.splitPath(rule.field)
            guard parts.count >= 2, parts[0] == "spec" else { continue }
            let target = parts.dropFirst().joined(separator: ".")
            guard !declared.contains(target), !["conditions", "observedGeneration"].contains(parts[1]),
                  !mirrors.contains(where: { $0.target == target }),
                  let schema, let kept = Self.statusSchema(Array(parts.dropFirst()), in: schema) else { continue }
            mirrors.append(Mirror(source: rule.field, target: target, type: kept.type))
        }
        self.mirrors = mirrors
    }

    /// The mirrored values present in `cr` (after mutation), as status fields.
    func fields(of cr: JSONValue) -> [(path: String, value: JSONValue?)] {
        mirrors.compactMap { mirror in
            guard let value = cr.value(atDotted: mirror.source), Self.value(value, fits: mirror.type) else { return nil }
            return (mirror.target, value)
        }
    }

    /// Whether the API server keeps `status.<path>` under `schema` (an `openAPIV3Schema`).
    static func statusSchemaKeeps(_ path: [String], in schema: JSONValue) -> Bool {
        statusSchema(path, in: schema) != nil
    }

    /// Where the API server keeps `status.<path>` under `schema`, with the `type` it declares there
    /// (nil when any value is kept: under `x-kubernetes-preserve-unknown-fields`, or no type or
    /// int-or-string declared); nil when the path would be pruned.
    static func statusSchema(_ path: [String], in schema: JSONValue) -> KeptPath? {
        guard var node = schema["properties"]?["status"] else { return nil }
        for segment in path {
            if node["x-kubernetes-preserve-unknown-fields"] == .bool(true) { return KeptPath(type: nil) }
            guard let next = node["properties"]?[segment] else { return nil }
            node = next
        }
        if node["x-kubernetes-int-or-string"] == .bool(true) { return KeptPath(type: "int-or-string") }
        return KeptPath(type: node["type"]?.stringValue)
    }

    /// A status path the API server keeps, and the `type` its schema declares there.
    struct KeptPath: Sendable, Hashable {
        var type: String?
    }

    /// Whether `value` passes a schema of `type`.
    static func value(_ value: JSONValue, fits type: String?) -> Bool {
        switch (type, value) {
        case (_, .null): return false
        case (nil, _): return true
        case ("integer", .int), ("number", .int), ("number", .double), ("string", .string), ("boolean", .bool),
             ("object", .object), ("array", .array), ("int-or-string", .int), ("int-or-string", .string): return true
        default: return false
        }
    }
}
