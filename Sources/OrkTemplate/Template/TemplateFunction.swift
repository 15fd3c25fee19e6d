import OrkValue

/// How many arguments a template function accepts (counting a piped value). Checked when the
/// template is parsed, so `{{ toLower "a" "b" }}` is a parse error.
public struct TemplateFunctionArity: Sendable, Hashable, CustomStringConvertible {
    public var minimum: Int
    /// nil: no upper bound.
    public var maximum: Int?

    public init(minimum: Int, maximum: Int?) {
        self.minimum = max(0, minimum)
        self.maximum = maximum.map { Swift.max($0, self.minimum) }
    }

    public static func exactly(_ count: Int) -> TemplateFunctionArity { .init(minimum: count, maximum: count) }
    public static func atLeast(_ count: Int) -> TemplateFunctionArity { .init(minimum: count, maximum: nil) }
    public static func between(_ low: Int, _ high: Int) -> TemplateFunctionArity { .init(minimum: low, maximum: high) }
    public static let any = TemplateFunctionArity(minimum: 0, maximum: nil)

    public func accepts(_ count: Int) -> Bool {
        count >= minimum && (maximum.map { count <= $0 } ?? true)
    }

    /// `2`, `at least 1`, `1 to 2`.
    public var description: String {
        guard let maximum else { return "at least \(minimum)" }
        return maximum == minimum ? "\(minimum)" : "\(minimum) to \(maximum)"
    }
}

/// Per-render state that built-in functions share with the executor: the work budget and limits.
struct TemplateCallContext {
    var steps = 0
    let limits: TemplateLimits

    init(limits: TemplateLimits) {
        self.limits = limits
    }

    /// Spends `units` of the work budget.
    @inline(__always)
    mutating func charge(_ units: Int = 1) throws(TemplateFunctionError) {
        let (sum, overflow) = steps.addingReportingOverflow(Swift.max(0, units))
        steps = overflow ? Int.max : sum
        if steps > limits.maxSteps {
            throw TemplateFunctionError("template exceeded its work budget of \(limits.maxSteps) steps")
        }
    }

    /// Fails when a string being built would exceed the size limit.
    @inline(__always)
    func checkSize(_ byteCount: Int) throws(TemplateFunctionError) {
        if byteCount > limits.maxOutputBytes {
            throw TemplateFunctionError("result exceeds the limit of \(limits.maxOutputBytes) bytes")
        }
    }
}

/// One callable function: its name, arity and implementation. `and` and `or` are special forms
/// (their arguments are evaluated lazily, as in Go).
struct TemplateFunction: Sendable {
    typealias Body = @Sendable (inout TemplateCallContext, [JSONValue]) throws(TemplateFunctionError) -> JSONValue

    enum Kind: Sendable {
        case regular(Body)
        case and
        case or
    }

    let name: String
    let arity: TemplateFunctionArity
    let kind: Kind

    init(_ name: String, _ arity: TemplateFunctionArity, _ body: @escaping Body) {
        self.name = name
        self.arity = arity
        self.kind = .regular(body)
    }

    init(special name: String, kind: Kind) {
        self.name = name
        self.arity = .atLeast(1)
        self.kind = kind
    }
}
