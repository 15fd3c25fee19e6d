import Foundation
import OrkTestSupport
import Testing
@testable import OrkTemplate

/// Random patterns: the engine never traps, and on ASCII patterns and texts where ICU and RE2 mean the
/// same thing it agrees with `NSRegularExpression` (used here as a reference only).
@Suite struct RegexFuzzTests {
    /// A pattern written twice: in RE2 syntax and in the ICU dialect with the same meaning.
    struct Pattern {
        var re2: String
        var icu: String
    }

    /// Atoms that mean the same in both dialects on texts of `alphabet`.
    static let atoms: [Pattern] = [
        "a", "b", "x", "A", "1", "_", " ", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "[ab]", "[^a]", "[a-x]",
        "[^\\n]", "[[:alpha:]]", "[[:digit:]_]", "\\n", "(?s:.)", "(?i:a)", "(?i:[a-b])", "\\.", "[.]",
    ].map { Pattern(re2: $0, icu: $0) }
    /// Empty-width atoms (RE2's `$` is ICU's `\z`). Never repeated: ICU ends a loop at an empty
    /// iteration, so `(?:$|a){2}` does not match at the end of a text there (RE2 and Go say it does).
    static let assertions: [Pattern] = ["\\b", "\\B", "^", "\\A", "\\z", "(?m:$)"].map { Pattern(re2: $0, icu: $0) }
        + [Pattern(re2: "$", icu: "\\z")]
    static let repetitions = ["*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,}", "{1,3}?", "{0}"]
    static let alphabet = Array("ab_ 1\nxA")

    /// `repeated`: inside a repetition (no assertions there, and no second level of repetition, which
    /// would make ICU's backtracking take seconds).
    static func pattern(_ rng: inout SplitMix64, depth: Int, repeated: Bool = false) -> Pattern {
        if depth > 3 || rng.oneIn(3) { return !repeated && rng.oneIn(4) ? rng.pick(assertions) : rng.pick(atoms) }
        switch rng.below(4) {
        case 0:
            let parts = (0..<(2 + rng.below(2))).map { _ in pattern(&rng, depth: depth + 1, repeated: repeated) }
            return Pattern(re2: parts.map(\.re2).joined(), icu: parts.map(\.icu).joined())
        case 1:
            let parts = (0..<(2 + rng.below(2))).map { _ in pattern(&rng, depth: depth + 1, repeated: repeated) }
            return Pattern(re2: "(?:" + parts.map(\.re2).joined(separator: "|") + ")",
                           icu: "(?:" + parts.map(\.icu).joined(separator: "|") + ")")
        case 2 where repeated:
            return rng.pick(atoms)
        case 2:
            let inner = pattern(&rng, depth: depth + 1, repeated: true)
            let repetition = rng.pick(repetitions)
            return Pattern(re2: "(?:" + inner.re2 + ")" + repetition, icu: "(?:" + inner.icu + ")" + repetition)
        default:
            let inner = pattern(&rng, depth: depth + 1, repeated: repeated)
            return Pattern(re2: "(" + inner.re2 + ")", icu: "(" + inner.icu + ")")
        }
    }

    @Test func agreesWithICUOnASCII() throws {
        var rng = SplitMix64(seed: 0x5EED_0E2)
        var compared = 0
        for _ in 0..<3_000 {
            var pattern = Self.pattern(&rng, depth: 0)
            if rng.oneIn(6) { pattern = Pattern(re2: "(?i)" + pattern.re2, icu: "(?i)" + pattern.icu) }
            let reference = try NSRegularExpression(pattern: pattern.icu, options: [.useUnixLineSeparators])
            let program = try #require(RegexProbe.program(pattern.re2), "\(pattern.re2) must compile")
            for _ in 0..<5 {
                let text = String((0..<rng.below(11)).map { _ in rng.pick(Self.alphabet) })
                let expected = reference.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
                let found = RegexMatcher.search(program, in: text)
                #expect(found == .success(expected), "\(pattern.re2) on \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared == 15_000)
    }

    static let junk: [String] = Array("ab()[]{}*+?|^$.\\-:,<>=!Pp019ixsmUdwQEzbBk_&#é ").map(String.init)
        + ["(?", "(?i", "(?P<", "\\p{", "\\x{", "{2,", "{,2}", "[:", ":]", "\\Q", "[[:alpha:]", "{1000}", "\\pL"]

    @Test func randomTextNeverTraps() {
        var rng = SplitMix64(seed: 0x0BAD_5EED)
        var refused = 0
        for _ in 0..<3_000 {
            let pattern = (0..<rng.below(16)).map { _ in rng.pick(Self.junk) }.joined()
            switch RegexParser.parse(pattern).flatMap(RegexCompiler.compile) {
            case .failure(let error):
                #expect(!error.reason.isEmpty)
                refused += 1
            case .success(let program):
                for _ in 0..<3 {
                    let text = String((0..<rng.below(12)).map { _ in rng.pick(Array("ab1{}[]()*.:- é\n_")) })
                    #expect((try? RegexMatcher.search(program, in: text).get()) != nil, "\(pattern)")
                }
            }
        }
        #expect(refused > 0 && refused < 3_000)
    }
}
