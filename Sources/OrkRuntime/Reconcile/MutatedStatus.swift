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
/// wins; templated rule fields and fields outside `spec` are not mirrored.
struct MutatedStatus: Sendable, Hashable {
    struct Mirror: Sendable, Hashable {
        /// Where the value is read in the CR (`spec.replicas`).
        var source: String
        /// Where it is written under `status` (`replicas`).
        var target: String
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
                  let schema, Self.statusSchemaKeeps(Array(parts.dropFirst()), in: schema) else { continue }
            mirrors.append(Mirror(source: rule.field, target: target))
        }
        self.mirrors = mirrors
    }

    /// The mirrored values present in `cr` (after mutation), as status fields.
    func fields(of cr: JSONValue) -> [(path: String, value: JSONValue?)] {
        mirrors.compactMap { mirror in cr.value(atDotted: mirror.source).map { (mirror.target, $0) } }
    }

    /// Whether the API server keeps `status.<path>` under `schema` (an `openAPIV3Schema`).
    static func statusSchemaKeeps(_ path: [String], in schema: JSONValue) -> Bool {
        guard var node = schema["properties"]?["status"] else { return false }
        for segment in path {
            if node["x-kubernetes-preserve-unknown-fields"] == .bool(true) { return true }
            guard let next = node["properties"]?[segment] else { return false }
            node = next
        }
        return true
    }
}
