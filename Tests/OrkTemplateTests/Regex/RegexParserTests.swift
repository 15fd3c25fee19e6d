import Testing
@testable import OrkTemplate

/// The parser: what RE2 (Go's `regexp`) accepts and refuses, and the limits. Every accepted or
/// refused pattern here was checked against Go's `regexp` (messages are ours).
@Suite struct RegexParserTests {
    @Test(arguments: [
        ("(?-)", "invalid or unsupported Perl syntax (?-)"),
        ("(?i-)", "invalid or unsupported Perl syntax"),
        ("(?x)", "invalid or unsupported Perl syntax (?x"),
        ("(?P", "invalid or unsupported Perl syntax"),
        ("[[:foo:]]", "invalid character class range [:foo:]"),
        ("(?P<>a)", "invalid named capture (?P<>"),
        ("(?P<a-b>x)", "invalid named capture (?P<a-b>"),
        ("(?P<n", "missing >"),
        ("x{1001}", "repetition count above 1000 in {1001}"),
        ("x{100000000000000000000}", "repetition count above 1000"),
        ("x{2,1}", "min > max"),
        ("\\Z", "invalid escape sequence \\Z"),
        ("\\e", "invalid escape sequence \\e"),
        ("\\C", "invalid escape sequence \\C"),
        ("\\é", "invalid escape sequence \\é"),
        ("\\8", "invalid escape sequence \\8"),
        ("\\18", "invalid escape sequence \\1"),
        ("\\k<n>", "backreferences"),
        ("a\\E", "invalid escape sequence \\E"),
        ("\\x4", "invalid escape sequence \\x4"),
        ("\\x{}", "invalid escape sequence \\x{}"),
        ("\\x{110000}", "invalid escape sequence"),
        ("\\x{41", "invalid escape sequence"),
        ("(?i)*", "missing argument to repetition operator *"),
        ("\\Q\\E*", "missing argument to repetition operator *"),
        ("{2}", "missing argument to repetition operator {2}"),
        ("(*)", "missing argument"),
        ("a|*", "missing argument"),
        ("x{2}{3}", "invalid nested repetition operator {2}{3}"),
        ("a**", "invalid nested repetition operator **"),
        ("a*?*", "invalid nested repetition operator *?*"),
        ("a++", "possessive"),
        ("[a-\\d]", "invalid escape sequence \\d"),
        ("[\\b]", "invalid escape sequence \\b"),
        ("[\\z]", "invalid escape sequence \\z"),
        ("[\\Q]\\E]", "invalid escape sequence \\Q"),
        ("[]", "missing closing ]"),
        ("[^]", "missing closing ]"),
        ("[a", "missing closing ]"),
        ("[z-a]", "invalid character class range z-a"),
        ("[a--]", "invalid character class range a--"),
        ("(a", "missing closing )"),
        ("a)", "unexpected )"),
        ("\\p{Lx}", "invalid character class range \\p{Lx}"),
        ("\\pé", "invalid character class range"),
        ("\\p{}", "invalid character class range"),
        ("a\\", "trailing backslash"),
        ("[a\\", "trailing backslash"),
        ("(?=a)", "lookahead"),
        ("(?<!a)", "lookbehind"),
        ("(?>a)", "atomic"),
        ("(?P>n)", "recursion"),
        ("(?R)", "recursion"),
        ("(?#c)", "comments"),
    ])
    func refusesWhatGoRefuses(pattern: String, reason: String) {
        let refusal = RegexProbe.refusal(pattern)
        #expect(refusal?.contains(reason) == true, "\(pattern): \(refusal ?? "accepted")")
    }

    @Test(arguments: [
        ("^*", "", true),
        ("(?)", "", true),
        ("(?)a", "a", true),
        ("a(?i)*", "a", true),
        ("()*", "a", true),
        ("(|a)*", "a", true),
        ("\\x{D800}", "a", false),
        ("\\x{10FFFF}", "\u{10FFFF}", true),
        ("[\\d-z]", "-", true),
        ("\\12", "\n", true),
        ("\\0", "\u{0}", true),
        ("\\101\\x41\\x{41}", "AAA", true),
        ("\\a\\f\\v", "\u{07}\u{0C}\u{0B}", true),
        ("\\_\\ \\.\\-\\*", "_ .-*", true),
        ("\\Qa\\E*", "b", true),
        ("\\Qa.b", "a.b", true),
        ("\\Qa.b", "axb", false),
        ("(?i:a)A", "aa", false),
        ("(?i:a)A", "AA", true),
        ("(a)(?i)b|c", "C", true),
        ("(?i)(?-i:a)", "A", false),
        ("(?U)a+", "a", true),
        ("(?im-s:a.)", "a\n", false),
        ("(?P<n>a)(?P<n>b)", "ab", true),
        ("(?<year>\\d{4})-(?P<month>\\d{2})", "2024-05", true),
        ("a{,5}", "a{,5}", true),
        ("a{5", "a{5", true),
        ("x{01}", "x{01}", true),
        ("a{1,2", "a{1,2", true),
        ("{", "{", true),
        ("}", "}", true),
        ("a{5,}", "aaaa", false),
        ("a{5,}", "aaaaa", true),
        ("a{0}", "", true),
        ("a{1000}", "a", false),
        ("(?:a{0}){1000}", "", true),
        ("(a{1000}){0}", "", true),
        ("(a{1000}){1}", "a", false),
        ("[[:foo]", "[", true),
        ("[[:foo]", "f", true),
        ("[[:^alpha:]]", "1", true),
        ("[[:word:]]", "_", true),
        ("[[:space:]]", "\u{0B}", true),
        ("\\s", "\u{0B}", false),
        ("a*?", "a", true),
        ("a??", "", true),
        ("[]a]", "]", true),
        ("[a&&b]", "&", true),
        ("[a[]", "[", true),
    ])
    func acceptsWhatGoAccepts(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test func nestedCountsMultiplyToAtMostAThousand() {
        #expect(RegexProbe.refusal("((a{10}){10}){10}") == nil)
        #expect(RegexProbe.refusal("((a{10}){10}){11}")?.contains("multiply to more than 1000") == true)
        #expect(RegexProbe.refusal("(a{1000}){1000}")?.contains("multiply to more than 1000") == true)
        #expect(RegexProbe.refusal("((a{1000}){1}){2}")?.contains("invalid repeat count {2}") == true)
        #expect(RegexProbe.refusal("(a{2,}){501}")?.contains("multiply") == true)
        #expect(RegexProbe.refusal("(a*){1000}") == nil)
    }

    @Test func theProgramSizeIsBounded() {
        // 50 instructions a thousand times is the most; one more letter is too much.
        let fifty = String(repeating: "ab", count: 25)
        #expect(RegexProbe.refusal("(?:\(fifty)){1000}") == nil)
        #expect(RegexProbe.refusal("(?:\(fifty)c){1000}")?.contains("expression too large") == true)
        #expect(RegexProbe.refusal(String(repeating: "x", count: RegexLimits.maximumProgramSize + 1))?.contains("too large") == true)
        #expect(RegexProbe.refusal("\\pL{1000}") == nil)
        #expect(RegexProbe.program("\\pL{1000}")?.classes.count == 1, "copies share their class")
    }

    @Test func nestingIsBoundedWithoutRecursion() {
        func nested(_ levels: Int) -> String {
            String(repeating: "(", count: levels) + "a" + String(repeating: ")*", count: levels)
        }
        #expect(RegexProbe.matches(nested(RegexLimits.maximumNesting - 1), "aa") == true)
        #expect(RegexProbe.refusal(nested(RegexLimits.maximumNesting))?.contains("nests too deeply") == true)
        #expect(RegexProbe.refusal("a" + String(repeating: "(?i)*", count: RegexLimits.maximumNesting))?.contains("nests too deeply") == true)
        let alternatives = String(repeating: "(?:b|", count: 999) + "a" + String(repeating: ")", count: 999)
        #expect(RegexProbe.matches(alternatives, "a") == true)
        // Groups themselves add no level.
        let groups = String(repeating: "(?:", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        #expect(RegexProbe.matches(groups, "xa") == true)
    }

    @Test func theProgramHasTheSizeTheParserCounted() throws {
        for pattern in ["a", "ab|c", "a*", "a+", "a?", "a{3}", "a{2,5}", "a{2,}", "(?:ab|c){2,3}d*", "((a|b)*c){0,2}", "", "(?:)*"] {
            let parsed = try RegexParser.parse(pattern).get()
            let program = try #require(RegexProbe.program(pattern))
            #expect(program.instructions.count == parsed.root.size + 1, "\(pattern)")
        }
    }

    @Test func anchoredPatternsAreRecognized() {
        #expect(RegexProbe.program("^abc")?.anchoredAtStart == true)
        #expect(RegexProbe.program("\\Aabc|^d")?.anchoredAtStart == true)
        #expect(RegexProbe.program("(?m)^abc")?.anchoredAtStart == false)
        #expect(RegexProbe.program("^a|b")?.anchoredAtStart == false)
        #expect(RegexProbe.program("^*a")?.anchoredAtStart == false)
        #expect(RegexProbe.program("(?:)^a")?.anchoredAtStart == false)
    }
}
