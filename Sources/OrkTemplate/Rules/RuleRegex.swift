import Synchronization

/// A compiled condition regex: RE2 syntax (Go's `regexp`), parsed by `RegexParser`, compiled to an
/// automaton by `RegexCompiler` and run by `RegexMatcher`, in time linear in the text (no
/// backtracking). Matching is an unanchored search, like Go's `MatchString`.
///
/// A search is bounded by `RegexLimits.maximumSearchSteps`; one that goes past it, or that its `stop`
/// callback ends, is reported as an error instead of a "no match".
struct RuleRegex: Sendable {
    let pattern: String
    private let program: RegexProgram

    static func compile(_ pattern: String) -> Result<RuleRegex, RegexProblem> {
        switch RegexParser.parse(pattern).flatMap(RegexCompiler.compile) {
        case .failure(let error):
            return .failure(RegexProblem(pattern: pattern, reason: error.reason))
        case .success(let program):
            return .success(RuleRegex(pattern: pattern, program: program))
        }
    }

    /// Whether the pattern matches anywhere in `text`. `stop`, when given, is asked every few thousand
    /// steps (an evaluation budget running out); a search it stops is a failure, as is one that takes
    /// more than `RegexLimits.maximumSearchSteps` steps.
    func matches(_ text: String, stop shouldStop: (() -> Bool)? = nil) -> Result<Bool, RegexProblem> {
        switch RegexMatcher.search(program, in: text, stop: shouldStop) {
        case .success(let found):
            return .success(found)
        case .failure(.stopped):
            return .failure(RegexProblem(pattern: pattern, searchStopped: true,
                                         reason: "matching stopped: the evaluation budget is exhausted"))
        case .failure(.tooManySteps(let limit)):
            return .failure(RegexProblem(pattern: pattern, searchStopped: true,
                                         reason: "matching gave up after \(limit) steps; shorten the value or simplify the pattern"))
        }
    }
}

/// A thread-safe cache of compiled patterns (including the problem of an invalid one), so each pattern
/// is parsed and compiled once. Bounded: when full it starts over.
final class RuleRegexCache: Sendable {
    /// The cache the evaluator and the static checks share.
    static let shared = RuleRegexCache(capacity: 1_024)

    private let entries = Mutex<[String: Result<RuleRegex, RegexProblem>]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func regex(_ pattern: String) -> Result<RuleRegex, RegexProblem> {
        if let cached = entries.withLock({ $0[pattern] }) { return cached }
        let compiled = RuleRegex.compile(pattern)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[pattern] = compiled
        }
        return compiled
    }

    var count: Int {
        entries.withLock { $0.count }
    }
}
