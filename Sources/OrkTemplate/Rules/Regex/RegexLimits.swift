/// The bounds that keep compiling and matching a user's pattern cheap whatever it says.
enum RegexLimits {
    /// The largest count in `{n}`, `{n,}`, `{n,m}`, and the largest product of nested counts (RE2's).
    static let maximumRepeatCount = 1_000
    /// How deeply a pattern's syntax tree may nest (Go's limit). Nothing walks the tree recursively, so
    /// this bounds patterns, not the stack.
    static let maximumNesting = 1_000
    /// How many instructions a pattern may compile to once counted repetitions are expanded. A search
    /// costs at most twice this many steps per scalar of the text.
    static let maximumProgramSize = 50_000
    /// How many steps (instructions visited) one search may take before it gives up with an error:
    /// about 0.2 s of work in an optimized build, the budget the ICU engine had as a wall-clock limit
    /// (a webhook evaluates many rules; a user's long value must not buy seconds of CPU each).
    /// Deterministic, unlike a wall-clock limit.
    static let maximumSearchSteps = 20_000_000
    /// How many steps pass between two calls of a search's `stop` callback.
    static let stopCheckInterval = 4_096
}
