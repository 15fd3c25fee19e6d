import Foundation

/// A compiled condition regex: RE2 syntax translated to ICU (see `RE2Translator`) and run by
/// `NSRegularExpression`, which on Linux is ICU-backed, thread-safe and about twice as fast as Swift
/// `Regex` for these patterns. Matching is an unanchored search, like Go's `MatchString`.
///
/// Matching is bounded in time: ICU calls back periodically while it searches (per start position and
/// every few thousand backtracking steps), and a search still running after `timeLimit` stops and is
/// reported as an error instead of hanging a webhook. (A tick count is not usable as a step budget:
/// benign searches over long text tick once per start position.)
struct RuleRegex: Sendable {
    let pattern: String
    private let regex: NSRegularExpression

    /// How long one search may run.
    static let timeLimit: Duration = .milliseconds(200)

    static func compile(_ pattern: String) -> Result<RuleRegex, RegexProblem> {
        switch RE2Translator.translate(pattern) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let translated):
            do {
                // ICU rejects an empty pattern; RE2 accepts it and it matches everywhere.
                let source = translated.isEmpty ? "(?:)" : translated
                let regex = try NSRegularExpression(pattern: source, options: [.useUnixLineSeparators])
                return .success(RuleRegex(pattern: pattern, regex: regex))
            } catch {
                return .failure(RegexProblem(pattern: pattern, reason: "not valid RE2 syntax"))
            }
        }
    }

    /// Whether the pattern matches anywhere in `text`. A failure when the search exceeds `timeLimit` or
    /// ICU gives up (it reports an internal error, e.g. its backtracking stack is exhausted, which
    /// `firstMatch` would silently turn into "no match").
    ///
    /// `stop`, when given, is also asked while searching (an evaluation budget running out); a
    /// search it stops is a failure too.
    func matches(_ text: String, stop shouldStop: (() -> Bool)? = nil) -> Result<Bool, RegexProblem> {
        var found = false
        var stopped = false
        var timedOut = false
        var internalError = false
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: RuleRegex.timeLimit)
        let range = NSRange(location: 0, length: text.utf16.count)
        regex.enumerateMatches(in: text, options: [.reportProgress, .reportCompletion], range: range) { match, flags, stop in
            if match != nil {
                found = true
                stop.pointee = true
                return
            }
            if flags.contains(.internalError) {
                internalError = true
            }
            if clock.now >= deadline {
                timedOut = true
                stop.pointee = true
            } else if let shouldStop, shouldStop() {
                stopped = true
                stop.pointee = true
            }
        }
        if found { return .success(true) }
        if stopped {
            return .failure(RegexProblem(pattern: pattern, timedOut: true, reason: "matching stopped: the evaluation budget is exhausted"))
        }
        if timedOut {
            return .failure(RegexProblem(pattern: pattern, timedOut: true,
                                         reason: "matching gave up after \(RuleRegex.timeLimit); simplify the pattern or shorten the value"))
        }
        if internalError {
            return .failure(RegexProblem(pattern: pattern, timedOut: true,
                                         reason: "matching gave up: backtracking exhausted the regex engine's stack; simplify the pattern or shorten the value"))
        }
        return .success(false)
    }
}

/// A thread-safe cache of compiled patterns (including the problem of an invalid one), so each pattern
/// is translated and compiled once. Bounded: when full it starts over.
final class RuleRegexCache: @unchecked Sendable {
    /// The cache the evaluator and the static checks share.
    static let shared = RuleRegexCache(capacity: 1_024)

    private let lock = NSLock()
    private var entries: [String: Result<RuleRegex, RegexProblem>] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func regex(_ pattern: String) -> Result<RuleRegex, RegexProblem> {
        lock.lock()
        let cached = entries[pattern]
        lock.unlock()
        if let cached { return cached }
        let compiled = RuleRegex.compile(pattern)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[pattern] = compiled
        lock.unlock()
        return compiled
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
