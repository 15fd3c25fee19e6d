import OrkValue

/// The parsed form of a template: a tree of nodes built once by `TemplateParser` and walked by
/// `TemplateExecutor` on every render. Variables are resolved to numbered slots at parse time
/// and functions to their implementations, so rendering does no name lookups.
indirect enum TemplateNode: Sendable {
    /// Literal text (trim markers already applied).
    case text(String, TemplateLocation)
    /// `{{ pipeline }}`: prints the pipeline's value.
    case output(TemplatePipeline)
    /// `{{ $x := pipeline }}` or `{{ $x = pipeline }}`: sets a variable, prints nothing.
    case assign(TemplatePipeline)
    /// `if` / `with` with their `else if` / `else with` branches.
    case conditional(TemplateConditional)
    case range(TemplateRange)
    case breakLoop(TemplateLocation)
    case continueLoop(TemplateLocation)
}

/// An `if` (or `with`) chain: the first branch whose pipeline is truthy runs; otherwise `elseBody`.
/// For `with`, dot is rebound to the branch's value.
struct TemplateConditional: Sendable {
    var isWith: Bool
    var branches: [TemplateBranch]
    var elseBody: [TemplateNode]
}

struct TemplateBranch: Sendable {
    var pipeline: TemplatePipeline
    var body: [TemplateNode]
}

/// `range [$i,] [$v :=] pipeline` … `else` … `end`.
struct TemplateRange: Sendable {
    var pipeline: TemplatePipeline
    var body: [TemplateNode]
    var elseBody: [TemplateNode]
}

/// `[decl] head | stage | stage …`: the head's value is passed as the last argument of each stage.
struct TemplatePipeline: Sendable {
    /// Variable slots declared or assigned by this pipeline (0, 1 or — in `range` — 2).
    var variables: [Int]
    /// True for `=` (assign to existing variables), false for `:=` (declare).
    var isAssignment: Bool
    var head: TemplateExpression
    var stages: [TemplateCall]
    var location: TemplateLocation
}

/// A function call with its explicit arguments (a pipeline stage adds the piped value last).
struct TemplateCall: Sendable {
    var function: TemplateFunction
    var arguments: [TemplateExpression]
    var location: TemplateLocation
}

/// An operand.
indirect enum TemplateExpression: Sendable {
    case literal(JSONValue)
    /// `.`
    case dot
    /// `$`
    case root
    /// `$name`, resolved to its slot.
    case variable(Int)
    /// `base.a.b`: a field chain on dot (`.a.b`), a variable (`$x.a`) or a parenthesised pipeline.
    case fields(TemplateExpression, [String], TemplateLocation)
    case call(TemplateCall)
    case pipeline(TemplatePipeline)
}
