import OrkValue

/// The set of functions a template may call. `standard` holds the documented library
/// (see docs/templates.md); add your own with `register` or `adding`:
///
/// ```swift
/// let functions = try TemplateFunctions.standard.adding("double", arity: .exactly(1)) { args in
///     .int((args.first?.intValue ?? 0) * 2)
/// }
/// let template = try Template("{{ double .spec.replicas }}", functions: functions)
/// ```
///
/// Function names are resolved when a template is parsed: calling an unknown function, or a
/// known one with the wrong number of arguments, is a parse error.
public struct TemplateFunctions: Sendable {
    private var table: [String: TemplateFunction]

    /// No functions at all.
    public static let empty = TemplateFunctions(table: [:])

    /// The built-in library: comparison, logic and Go built-ins, strings, math, defaults, type
    /// conversion, encoding and hashing, quantities, Kubernetes helpers and collections.
    public static let standard: TemplateFunctions = {
        var table: [String: TemplateFunction] = [:]
        let groups: [[TemplateFunction]] = [
            TemplateBuiltins.comparison, TemplateBuiltins.formatting, TemplateBuiltins.strings,
            TemplateBuiltins.math, TemplateBuiltins.defaults, TemplateBuiltins.types, TemplateBuiltins.data,
            TemplateBuiltins.quantities, TemplateBuiltins.kubernetes, TemplateBuiltins.collections,
        ]
        for group in groups {
            for function in group { table[function.name] = function }
        }
        return TemplateFunctions(table: table)
    }()

    private init(table: [String: TemplateFunction]) {
        self.table = table
    }

    /// Whether a function called `name` is available.
    public func contains(_ name: String) -> Bool { table[name] != nil }

    /// All function names, sorted.
    public var names: [String] { table.keys.sorted() }

    /// The accepted argument count of `name`, if it exists.
    public func arity(of name: String) -> TemplateFunctionArity? { table[name]?.arity }

    subscript(name: String) -> TemplateFunction? { table[name] }

    /// Adds (or replaces) a function. `name` must be an identifier (`[A-Za-z_][A-Za-z0-9_]*`)
    /// and not a keyword. The body receives the evaluated arguments (a piped value comes last) and
    /// must be pure: it may be called concurrently and any number of times.
    public mutating func register(
        _ name: String, arity: TemplateFunctionArity,
        _ body: @escaping @Sendable ([JSONValue]) throws(TemplateFunctionError) -> JSONValue
    ) throws(TemplateFunctionError) {
        guard TemplateFunctions.isValidName(name) else {
            throw TemplateFunctionError("invalid template function name \"\(name)\"")
        }
        table[name] = TemplateFunction(name, arity) { _, arguments throws(TemplateFunctionError) in
            try body(arguments)
        }
    }

    /// A copy with one more function (see `register`).
    public func adding(
        _ name: String, arity: TemplateFunctionArity,
        _ body: @escaping @Sendable ([JSONValue]) throws(TemplateFunctionError) -> JSONValue
    ) throws(TemplateFunctionError) -> TemplateFunctions {
        var copy = self
        try copy.register(name, arity: arity, body)
        return copy
    }

    /// Words that cannot name a function.
    static let keywords: Set<String> = [
        "if", "else", "end", "range", "with", "break", "continue", "define", "template", "block",
        "nil", "true", "false",
    ]

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !keywords.contains(name) else { return false }
        let isLetter = { (b: UInt8) in (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

/// Namespace for the built-in function groups (one file per group under Template/Functions).
enum TemplateBuiltins {}
