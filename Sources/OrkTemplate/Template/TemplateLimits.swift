/// Bounds that keep hostile or runaway templates from exhausting memory, stack or CPU.
/// Exceeding any of them is a `TemplateError`, never a crash or a hang.
public struct TemplateLimits: Sendable, Equatable {
    /// Maximum size in UTF-8 bytes of the rendered output, and of any single string value a
    /// function produces while rendering (default 1 MiB).
    public var maxOutputBytes: Int
    /// Work budget for one render: every executed node, loop iteration and function call costs
    /// one unit, and functions that walk or build large values cost more (default 1,000,000).
    public var maxSteps: Int
    /// Deepest list/map nesting a template may build or walk (default 512).
    public var maxValueDepth: Int

    public init(maxOutputBytes: Int = 1 << 20, maxSteps: Int = 1_000_000, maxValueDepth: Int = 512) {
        self.maxOutputBytes = max(0, maxOutputBytes)
        self.maxSteps = max(0, maxSteps)
        self.maxValueDepth = max(1, maxValueDepth)
    }

    /// The defaults: 1 MiB output, 1,000,000 steps, depth 512.
    public static let standard = TemplateLimits()

    /// Deepest nesting of blocks (`if`/`range`/`with`) and parentheses the parser accepts.
    public static let maxNesting = 100
}
