import OrkTemplate
import OrkValue

/// A JSON tree whose string leaves may be `{{ }}` templates: parsed once, rendered per object.
/// Template leaves yield typed values (`"{{ .spec.replicas }}"` → 3); other leaves are copied.
public struct TemplateTree: Sendable {
    indirect enum Node: Sendable {
        case literal(JSONValue)
        case template(Template)
        case array([Node])
        case object([(key: String, value: Node)])
    }

    let root: Node
    /// Whether any leaf is a template (a static tree renders to itself).
    public let hasTemplates: Bool

    /// Compiles `value`; the error names the path of the first template that does not parse.
    public init(_ value: JSONValue, functions: TemplateFunctions = .standard) throws(TemplateTreeError) {
        var hasTemplates = false
        root = try Self.compile(value, path: "", functions: functions, hasTemplates: &hasTemplates)
        self.hasTemplates = hasTemplates
    }

    static func compile(_ value: JSONValue, path: String, functions: TemplateFunctions, hasTemplates: inout Bool)
        throws(TemplateTreeError) -> Node
    {
        switch value {
        case .string(let text) where text.contains("{{"):
            do {
                hasTemplates = true
                return .template(try Template(text, functions: functions))
            } catch {
                throw TemplateTreeError(path: path, error: error)
            }
        case .array(let items):
            var nodes: [Node] = []
            nodes.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                nodes.append(try compile(item, path: "\(path)[\(index)]", functions: functions, hasTemplates: &hasTemplates))
            }
            return .array(nodes)
        case .object(let fields):
            var pairs: [(key: String, value: Node)] = []
            pairs.reserveCapacity(fields.count)
            for key in fields.keys.sorted() {
                guard let child = fields[key] else { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                pairs.append((key, try compile(child, path: childPath, functions: functions, hasTemplates: &hasTemplates)))
            }
            return .object(pairs)
        default:
            return .literal(value)
        }
    }

    /// Renders every template leaf against `data`.
    public func render(_ data: JSONValue) throws(TemplateTreeError) -> JSONValue {
        try Self.render(root, data: data, path: "")
    }

    static func render(_ node: Node, data: JSONValue, path: String) throws(TemplateTreeError) -> JSONValue {
        switch node {
        case .literal(let value): return value
        case .template(let template):
            do {
                return try template.evaluate(data)
            } catch {
                throw TemplateTreeError(path: path, error: error)
            }
        case .array(let nodes):
            var items: [JSONValue] = []
            items.reserveCapacity(nodes.count)
            for (index, child) in nodes.enumerated() {
                items.append(try render(child, data: data, path: "\(path)[\(index)]"))
            }
            return .array(items)
        case .object(let pairs):
            var fields: [String: JSONValue] = [:]
            fields.reserveCapacity(pairs.count)
            for pair in pairs {
                fields[pair.key] = try render(pair.value, data: data, path: path.isEmpty ? pair.key : "\(path).\(pair.key)")
            }
            return .object(fields)
        }
    }
}

/// A template in a `TemplateTree` that failed to parse or render, with its path in the tree.
public struct TemplateTreeError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var error: TemplateError
    public var description: String { path.isEmpty ? error.description : "\(path): \(error)" }
}
