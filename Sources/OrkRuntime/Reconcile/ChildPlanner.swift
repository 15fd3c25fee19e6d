import OrkKatalog
import OrkKube
import OrkTemplate
import OrkValue

/// One child the CR should have right now, built and ready to apply.
struct DesiredChild: Sendable {
    var manifest: ChildManifest
    var resource: APIResource
    /// Created when missing and never updated (onCreate without `reconcile: true`, Jobs,
    /// ServiceAccounts, PersistentVolumeClaims).
    var createOnly: Bool
    /// The position of its kind in the Katalog's apply order (Secrets and RBAC before workloads).
    var applyOrder: Int

    /// Identifies the object: resource, namespace and name.
    var identity: ChildIdentity {
        ChildIdentity(group: resource.group, resource: resource.resource, namespace: manifest.namespace ?? "",
                      name: manifest.name)
    }
}

/// The identity of a child object across kinds.
struct ChildIdentity: Sendable, Hashable, CustomStringConvertible {
    var group: String
    var resource: String
    var namespace: String
    var name: String

    var description: String {
        let type = group.isEmpty ? resource : "\(resource).\(group)"
        return namespace.isEmpty ? "\(type)/\(name)" : "\(type) \(namespace)/\(name)"
    }
}

/// Renders a CR's children: evaluates `when`/`or` and `forEach` per entry, renders the templates and
/// builds the objects. Pure; errors name the entry and field and never trap.
struct ChildPlanner: Sendable {
    let types: ChildTypes
    let evaluator: RuleEvaluator

    /// A rendered child with the entry it came from.
    struct Rendered {
        var child: RenderedChild
        var createOnly: Bool
        var label: String
    }

    /// Renders `children` (with `section` naming them in errors) for the CR in `data`.
    func render(_ children: [CompiledChild], section: String, data: JSONValue,
                createOnly: (ChildEntry) -> Bool) throws(ReconcileError) -> [Rendered] {
        var out: [Rendered] = []
        var counters: [ChildKind: Int] = [:]
        for compiled in children {
            let entry = compiled.entry
            let index = counters[entry.kind, default: 0]
            counters[entry.kind] = index + 1
            let label = "\(section).\(entry.kind.rawValue)[\(index)]"
            for itemData in try items(of: entry, data: data, label: label) {
                switch evaluator.outcome(entry.conditions, in: itemData) {
                case .fail: continue
                case .error(let reason): throw ReconcileError(.condition, "\(label) when/or: \(reason)")
                case .pass: break
                }
                do {
                    let rendered = try compiled.render(itemData)
                    out.append(Rendered(child: rendered, createOnly: createOnly(entry) || entry.kind.isCreateOnly,
                                        label: label))
                } catch {
                    throw ReconcileError(.render, "\(label) \(error.description)")
                }
            }
        }
        return out
    }

    /// The data documents an entry renders with: one per `forEach` element (as `.item` and its
    /// alias), or the CR alone.
    func items(of entry: ChildEntry, data: JSONValue, label: String) throws(ReconcileError) -> [JSONValue] {
        guard let forEach = entry.forEach else { return [data] }
        let value = data.value(atDotted: forEach.field) ?? .null
        let elements: [JSONValue]
        switch value {
        case .null: elements = []
        case .array(let items): elements = items
        case .object(let fields):
            elements = fields.keys.sorted().map { key in ["key": .string(key), "value": fields[key] ?? .null] }
        default:
            throw ReconcileError(.render, "\(label) forEach: \(forEach.field) is a \(value.typeName), not a list")
        }
        guard case .object(var base) = data else { return [] }
        return elements.map { element in
            base["item"] = element
            if let alias = forEach.alias { base[alias] = element }
            return .object(base)
        }
    }

    /// Builds the objects for rendered children owned by `owner`; two children with one identity are an error.
    func build(_ rendered: [Rendered], owner: ChildOwner) throws(ReconcileError) -> [DesiredChild] {
        let siblings = rendered.map(\.child)
        var out: [DesiredChild] = []
        var seen: [ChildIdentity: String] = [:]
        for item in rendered {
            let manifest: ChildManifest
            do {
                manifest = try types.builder.manifest(for: item.child, owner: owner, siblings: siblings)
            } catch {
                throw ReconcileError(.render, "\(item.label) \(error.description)")
            }
            let desired = DesiredChild(manifest: manifest, resource: types.resource(for: manifest),
                                       createOnly: item.createOnly,
                                       applyOrder: ChildKind.allCases.firstIndex(of: item.child.kind) ?? 0)
            if let other = seen[desired.identity] {
                throw ReconcileError(.render, "\(item.label) renders \(desired.identity), which \(other) renders too; give one a different name")
            }
            seen[desired.identity] = item.label
            out.append(desired)
        }
        return out
    }
}
