import OrkValue

/// A parsed Go `text/template` over `JSONValue` data. Parse once, render many times (from any
/// thread): parsing resolves functions and variables, so rendering only walks the tree.
///
/// ```swift
/// let template = try Template("{{ .metadata.name }}-web")
/// let name = try template.render(["metadata": ["name": "shop"]])   // "shop-web"
/// ```
///
/// Differences from Go, by design: a missing key, or any field of null, is null (never
/// `<no value>`), and null prints as the empty string; lists and maps print as compact JSON.
/// See docs/templates.md for the syntax, the function library and the limits.
public struct Template: Sendable {
    /// The source text the template was parsed from.
    public let source: String
    private let nodes: [TemplateNode]
    private let slotCount: Int
    private let staticText: String?
    private let singleAction: TemplatePipeline?

    /// Parses `source`, resolving function names against `functions`.
    public init(_ source: String, functions: TemplateFunctions = .standard) throws(TemplateError) {
        let program = try TemplateParser.parse(source, functions: functions)
        self.source = source
        self.nodes = program.nodes
        self.slotCount = program.slotCount
        switch program.nodes.first {
        case nil:
            staticText = ""
            singleAction = nil
        case .text(let text, _)? where program.nodes.count == 1:
            staticText = text
            singleAction = nil
        case .output(let pipeline)? where program.nodes.count == 1:
            staticText = nil
            singleAction = pipeline
        default:
            staticText = nil
            singleAction = nil
        }
    }

    /// True when the template has no actions, so every render yields the same text (comments and
    /// trim markers are not actions).
    public var isStatic: Bool { staticText != nil }

    /// Renders the template against `data` (the `.` and `$` of the template).
    public func render(_ data: JSONValue) throws(TemplateError) -> String {
        try render(data, limits: .standard)
    }

    /// Renders with explicit limits.
    public func render(_ data: JSONValue, limits: TemplateLimits) throws(TemplateError) -> String {
        if let staticText { return staticText }
        var executor = TemplateExecutor(root: data, slotCount: slotCount, limits: limits)
        _ = try executor.execute(nodes, dot: data)
        return executor.output
    }

    /// A template that is exactly one action (`{{ .spec.replicas }}`, after trim markers and
    /// comments are removed) yields that action's typed value, e.g. `.int(3)` or `.null`; any
    /// other template yields its rendered text as `.string`.
    public func evaluate(_ data: JSONValue) throws(TemplateError) -> JSONValue {
        try evaluate(data, limits: .standard)
    }

    /// `evaluate` with explicit limits.
    public func evaluate(_ data: JSONValue, limits: TemplateLimits) throws(TemplateError) -> JSONValue {
        guard let singleAction else { return .string(try render(data, limits: limits)) }
        var executor = TemplateExecutor(root: data, slotCount: slotCount, limits: limits)
        return try executor.evaluate(singleAction, dot: data)
    }

    /// True when `evaluate` returns the typed value of a single action.
    public var isSingleAction: Bool { singleAction != nil }
}
