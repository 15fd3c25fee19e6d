import Synchronization
import Testing
@testable import OrkTemplate
import OrkValue

/// RE2 syntax as the in-house engine reads it: what it accepts and what it rejects (beyond the
/// truth-table rows). Every row agrees with Go's `regexp`.
@Suite struct RuleRegexDialectTests {
    func outcome(_ pattern: String, _ text: String) -> ConditionOutcome {
        ruleEvaluator.evaluate(Condition(field: "x", op: .regex, operand: .string(pattern)), in: ["x": .string(text)])
    }

    @Test(arguments: [
        ("[]a]", "]", true),
        ("[^]a]", "b", true),
        ("[a&&b]", "&", true),
        ("[-a]", "-", true),
        ("[a-]", "-", true),
        ("[a[]", "[", true),
        ("a}", "a}", true),
        ("a{,2}", "a{,2}", true),
        ("a{2}", "aa", true),
        ("a{2,}?", "aaa", true),
        ("\\x{41}", "A", true),
        ("\\x41", "A", true),
        ("\\p{Greek}", "α", true),
        ("\\PL", "1", true),
        ("\\Q.*\\E", ".*", true),
        ("\\Q.*\\E", "ab", false),
        ("[[:digit:]]+", "42", true),
        ("[\\d]", "7", true),
        ("[^\\d]", "7", false),
        ("\\D", "7", false),
        ("\\s", "\u{00A0}", false),
        ("\\s", "\t", true),
        ("[\\s]", " ", true),
        ("\\w+", "é", false),
        ("(?i:A)b", "ab", true),
        ("(?s)a.b", "a\nb", true),
        ("a.b", "a\nb", false),
        ("a.b", "a\rb", true),
        ("^b", "a\nb", false),
        ("(?m)^b$", "a\nb\nc", true),
        ("^$", "", true),
        ("", "anything", true),
        ("(?<n>a)", "a", true),
        ("(?i)k", "\u{212A}", true),
        ("(?i)\\W", "\u{212A}", false),
        ("(?i)i", "\u{0131}", false),
        ("(?i)σ", "ς", true),
        ("\\bx\\b", "x", true),
        ("\\B", "", true),
        ("x{01}", "x{01}", true),
        ("\\12", "\n", true),
        ("^*a", "a", true),
        ("(?i)(?-i:a)", "A", false),
    ])
    func translated(pattern: String, text: String, expected: Bool) {
        #expect(outcome(pattern, text) == ConditionOutcome(expected), "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: [
        ("(?P=n)", "backreferences"),
        ("\\k<n>", "backreferences"),
        ("(?<=a)b", "lookahead and lookbehind"),
        ("(?!a)", "lookahead and lookbehind"),
        ("(?>a)", "atomic"),
        ("a*+", "nested repetition"),
        ("a{2}{3}", "nested repetition"),
        ("a{3,2}", "min > max"),
        ("a{0,1001}", "above 1000"),
        ("a\\", "trailing backslash"),
        ("a)", "unexpected )"),
        ("(?#c)a", "comments"),
        ("|*", "missing argument"),
        ("\\p", "invalid character class"),
        ("\\p{L", "missing closing }"),
        ("[[:alpha:]", "missing closing ]"),
        ("[a--]", "invalid character class range a--"),
        ("[[:foo:]]", "not a POSIX class name"),
        ("\\Z", "invalid escape sequence"),
        ("\\8", "backreferences"),
        ("(a{1000}){1000}", "multiply to more than 1000"),
        ("(?P<a-b>x)", "invalid named capture"),
        ("(?x)", "invalid or unsupported Perl syntax"),
    ])
    func rejected(pattern: String, reason: String) {
        let result = outcome(pattern, "a")
        guard case .error(let message) = result else {
            Issue.record("\(pattern) should be rejected, got \(result)")
            return
        }
        #expect(message.contains(reason), "\(pattern): \(message)")
    }

    @Test func catastrophicBacktrackingPatternsGetADefiniteAnswer() {
        // ICU's backtracking gave up here (an error); the linear-time engine answers.
        let long = String(repeating: "a", count: 30_000)
        let result = ruleEvaluator.evaluate(Condition(field: "x", op: .notRegex, operand: "^(a|b)*c$"), in: ["x": .string(long)])
        #expect(result == .pass)
    }

    /// A clock that moves one second each time it is read.
    final class SteppingClock: MonotonicClock {
        private let reads = Mutex(0)
        func now() -> Duration { .seconds(reads.withLock { $0 += 1; return $0 }) }
    }

    @Test func aSearchTheBudgetStopsIsAnErrorNotANoMatch() {
        // The budget's deadline passes while the regex searches (the third reading of the clock, after
        // the evaluator's own two): the search is stopped and the condition is an error.
        let meter = EvaluationMeter(budget: EvaluationBudget(maximumSteps: 1 << 30, maximumDuration: .milliseconds(3_500)),
                                    clock: SteppingClock())
        let data: JSONValue = ["x": .string(String(repeating: "a", count: 20_000))]
        let outcome = ruleEvaluator.metered(by: meter).evaluate(Condition(field: "x", op: .notRegex, operand: "(a|aa)*c"), in: data)
        guard case .error(let message) = outcome else {
            Issue.record("expected an error, got \(outcome)")
            return
        }
        #expect(message.contains("matching stopped"), "\(message)")
    }

    @Test func theCacheIsSharedSafelyAcrossTasks() async {
        let results = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var passes = 0
                    for i in 0..<1_500 {
                        let pattern = "^v\((task * 1_500 + i) % 1_300)$"
                        let data: JSONValue = ["x": .string("v\((task * 1_500 + i) % 1_300)")]
                        if ruleEvaluator.evaluate(Condition(field: "x", op: .regex, operand: .string(pattern)), in: data) == .pass {
                            passes += 1
                        }
                    }
                    return passes
                }
            }
            var total = 0
            for await count in group { total += count }
            return total
        }
        #expect(results == 8 * 1_500)
        #expect(RuleRegexCache.shared.count <= 1_024)
    }
}
