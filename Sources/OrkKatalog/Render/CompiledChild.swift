import OrkTemplate
import OrkValue

/// A child entry with every template compiled, ready to render once per CR (and per `forEach` item).
public struct CompiledChild: Sendable {
    public let entry: ChildEntry
    let name: Template
    let namespace: Template?
    let labels: TemplateTree
    let annotations: TemplateTree
    let fields: TemplateTree
    let fieldTypes: [String: ChildField.ValueType]

    /// Compiles `entry`; the error names the field whose template does not parse.
    public init(_ entry: ChildEntry, functions: TemplateFunctions = .standard) throws(ChildRenderError) {
        self.entry = entry
        func compile(_ source: String, field: String) throws(ChildRenderError) -> Template {
            do {
                return try Template(source, functions: functions)
            } catch {
                throw ChildRenderError(field: field, message: error.description)
            }
        }
        func tree(_ value: JSONValue, field: String) throws(ChildRenderError) -> TemplateTree {
            do {
                return try TemplateTree(value, functions: functions)
            } catch {
                throw ChildRenderError(field: error.path.isEmpty ? field : "\(field).\(error.path)",
                                       message: error.error.description)
            }
        }
        name = try compile(entry.nameTemplate, field: "name")
        namespace = try entry.namespace.map { (source) throws(ChildRenderError) in try compile(source, field: "namespace") }
        labels = try tree(.object(entry.labels.mapValues(JSONValue.string)), field: "labels")
        annotations = try tree(.object(entry.annotations.mapValues(JSONValue.string)), field: "annotations")
        fields = try tree(.object(entry.fields), field: "")
        fieldTypes = Dictionary(uniqueKeysWithValues: entry.kind.fields.map { ($0.name, $0.type) })
    }

    /// Renders the child for one CR: names, labels and fields with templates evaluated and scalar
    /// fields coerced to their declared types. Errors name the field and never trap.
    public func render(_ data: JSONValue) throws(ChildRenderError) -> RenderedChild {
        let renderedName: String
        do {
            renderedName = try name.render(data)
        } catch {
            throw ChildRenderError(field: "name", message: error.description)
        }
        guard !renderedName.isEmpty else { throw ChildRenderError(field: "name", message: "rendered to an empty name") }
        var renderedNamespace: String?
        if let namespace {
            do {
                renderedNamespace = try namespace.render(data)
            } catch {
                throw ChildRenderError(field: "namespace", message: error.description)
            }
        }
        let renderedFields: JSONValue
        let renderedLabels: JSONValue
        let renderedAnnotations: JSONValue
        do {
            renderedLabels = try labels.render(data)
            renderedAnnotations = try annotations.render(data)
            renderedFields = try fields.render(data)
        } catch {
            throw ChildRenderError(field: error.path, message: error.error.description)
        }
        var typed: [String: JSONValue] = [:]
        for (key, value) in renderedFields.objectValue ?? [:] {
            typed[key] = try Self.coerce(value, to: fieldTypes[key] ?? .any, field: key)
        }
        return RenderedChild(
            kind: entry.kind, name: renderedName, namespace: renderedNamespace,
            labels: (renderedLabels.objectValue ?? [:]).mapValues(\.plainText),
            annotations: (renderedAnnotations.objectValue ?? [:]).mapValues(\.plainText), fields: typed)
    }

    /// Coerces a rendered scalar to a child field's declared type.
    static func coerce(_ value: JSONValue, to type: ChildField.ValueType, field: String) throws(ChildRenderError) -> JSONValue {
        switch type {
        case .int:
            if let i = value.intValue { return .int(i) }
            if case .string(let text) = value, let i = Int(text.trimmingWhitespace()) { return .int(i) }
            throw ChildRenderError(field: field, message: "expected an integer, got \(describe(value))")
        case .bool:
            if case .bool = value { return value }
            switch value.plainText.trimmingWhitespace().lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw ChildRenderError(field: field, message: "expected true or false, got \(describe(value))")
            }
        case .intOrString:
            if let i = value.intValue { return .int(i) }
            if case .string(let text) = value {
                if let i = Int(text.trimmingWhitespace()) { return .int(i) }
                if text.isEmpty { throw ChildRenderError(field: field, message: "rendered to an empty value") }
                return value
            }
            throw ChildRenderError(field: field, message: "expected an integer or a string, got \(describe(value))")
        case .string:
            if value.isNull { return .string("") }
            if case .array = value { throw ChildRenderError(field: field, message: "expected a string, got a list") }
            if case .object = value { throw ChildRenderError(field: field, message: "expected a string, got a map") }
            return .string(value.plainText)
        case .stringList, .stringMap, .list, .map, .any:
            return value
        }
    }

    static func describe(_ value: JSONValue) -> String {
        if case .string(let s) = value { return "\"\(s)\"" }
        return "\(value.plainText) (\(value.typeName))"
    }
}

/// One child rendered for one CR.
public struct RenderedChild: Sendable, Hashable {
    public var kind: ChildKind
    public var name: String
    /// Nil means the CR's namespace.
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Kind-specific fields, typed.
    public var fields: [String: JSONValue]
}

/// A child that could not be compiled or rendered: which field, and why.
public struct ChildRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
