import OrkKatalog
import OrkKube
import OrkValue

/// One look at the cluster for a `wait` step: nil when everything expected holds, else what differs.
struct E2EExpectationCheck: Sendable {
    let client: KubeClient
    let namespace: String?

    func mismatch(_ expectation: E2EExpectation, resource: APIResource) async throws(KubeError) -> String? {
        let object: JSONValue?
        do throws(KubeError) {
            object = try await client.get(resource, namespace: namespace, name: expectation.object.name)
        } catch where error.kind == .notFound {
            object = nil
        }
        if expectation.absent {
            guard let object else { return nil }
            let finalizers = object.value(atDotted: "metadata.finalizers")?.arrayValue?.compactMap(\.stringValue) ?? []
            let deleting = object.value(atDotted: "metadata.deletionTimestamp") != nil
            return "it still exists" + (deleting ? ", being deleted" : "")
                + (finalizers.isEmpty ? "" : ", finalizers \(finalizers.joined(separator: ", "))")
        }
        guard let object else { return "no \(expectation.object)" }
        var differences: [String] = []
        let conditions = object.value(atDotted: "status.conditions")?.arrayValue ?? []
        for (type, status) in expectation.conditions.sorted(by: { $0.key < $1.key }) {
            guard let condition = conditions.first(where: { $0["type"]?.stringValue == type }) else {
                differences.append("no \(type) condition")
                continue
            }
            let actual = condition["status"]?.stringValue ?? ""
            if actual != status {
                let detail = [condition["reason"]?.stringValue, condition["message"]?.stringValue].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: ": ")
                differences.append("\(type)=\(actual)" + (detail.isEmpty ? "" : " (\(detail))"))
            }
        }
        for (path, value) in expectation.fields.sorted(by: { $0.key < $1.key }) {
            let actual = object.value(atDotted: path)
            if !Self.matches(actual, value) {
                differences.append("\(path)=\(actual.map(Self.text) ?? "(absent)")")
            }
        }
        if !expectation.children.isEmpty {
            let uid = object.value(atDotted: "metadata.uid")?.stringValue ?? ""
            let childNamespace = object.value(atDotted: "metadata.namespace")?.stringValue ?? namespace
            for (kind, count) in expectation.children.sorted(by: { $0.key < $1.key }) {
                let owned = try await children(kind: kind, owner: uid, namespace: childNamespace)
                if owned != count { differences.append("\(owned) \(kind) children") }
            }
        }
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }

    /// How many objects of `kind` (a built-in kind, or one discovery knows) name `owner` as owner.
    func children(kind: String, owner: String, namespace: String?) async throws(KubeError) -> Int {
        let resource: APIResource
        if let known = KubernetesKinds.all.first(where: { $0.kind == kind }) {
            resource = APIResource(group: known.group, version: known.version, resource: known.resource, kind: known.kind,
                                   namespaced: known.namespaced)
        } else {
            throw KubeError(kind: .badRequest, message: "children counts only built-in kinds; \(kind) is not one")
        }
        let items = try await client.listAll(resource, namespace: resource.namespaced ? namespace : nil).items
        return items.filter { item in
            (item.value(atDotted: "metadata.ownerReferences")?.arrayValue ?? []).contains { $0["uid"]?.stringValue == owner }
        }.count
    }

    /// Equal as JSON, or equal as text when one side is a scalar (YAML `2` and `"2"` both match 2).
    static func matches(_ actual: JSONValue?, _ expected: JSONValue) -> Bool {
        guard let actual else { return expected.isNull }
        if actual == expected { return true }
        switch (actual, expected) {
        case (.array, _), (.object, _), (_, .array), (_, .object): return false
        default: return actual.plainText == expected.plainText
        }
    }

    static func text(_ value: JSONValue) -> String {
        let text = value.plainText
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    static func describe(_ expectation: E2EExpectation) -> String {
        let ref = expectation.object
        if expectation.absent { return "\(ref) to be gone" }
        var parts = expectation.conditions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        parts += expectation.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }
        parts += expectation.children.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key) children" }
        return parts.isEmpty ? "\(ref) to exist" : "\(ref) with " + parts.joined(separator: ", ")
    }
}
