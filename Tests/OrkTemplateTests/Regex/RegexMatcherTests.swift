import Testing
@testable import OrkTemplate

/// The matcher: RE2's answers, in linear time, and failures that stay failures.
@Suite struct RegexMatcherTests {
    static let manyA = String(repeating: "a", count: 30_000)

    @Test(arguments: [
        ("(a+)+$", manyA + "b", false),
        ("^(a+)+$", manyA, true),
        ("(a|aa)*c", manyA, false),
        ("(a|aa)*$", manyA, true),
        ("(a*)*b", manyA, false),
        ("(x+x+)+y", String(repeating: "x", count: 30_000), false),
        ("(x+x+)+y", String(repeating: "x", count: 30_000) + "y", true),
        ("(?:a?){30}a{30}", String(repeating: "a", count: 30), true),
        ("(.*a){20}", manyA, true),
        ("(\\w+\\s?)+$", manyA + "!", false),
    ])
    func catastrophicPatternsAnswer(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern)")
    }

    /// The linear bound itself, counted in steps instead of time: each instruction is visited at most
    /// once per position when threads are added and once when they read, so (scalars + 1) × 2 × size
    /// steps always suffice.
    @Test(arguments: ["(a+)+$", "(a|aa)*c", "(x+x+)+y", "(.*a){20}", "((a{10}){10}){10}b", "(?i)(a|\\pL)*[^a]"])
    func searchesStayWithinTheLinearBound(pattern: String) throws {
        let program = try #require(RegexProbe.program(pattern))
        let fewA = String(repeating: "a", count: 2_000)
        for text in [fewA, fewA + "b", String(repeating: "xa", count: 1_000)] {
            let bound = (text.unicodeScalars.count + 1) * 2 * program.instructions.count
            let result = RegexMatcher.search(program, in: text, stepLimit: bound)
            #expect((try? result.get()) != nil, "\(pattern): \(result)")
        }
    }

    @Test func anchoredSearchesStopEarly() throws {
        let program = try #require(RegexProbe.program("^v[0-9]+"))
        let long = String(repeating: "v1", count: 500_000)
        #expect(RegexMatcher.search(program, in: "x" + long, stepLimit: 100) == .success(false))
        #expect(RegexMatcher.search(program, in: long, stepLimit: 100) == .success(true))
    }

    @Test func aSearchPastItsStepLimitFailsInsteadOfAnsweringNo() throws {
        let program = try #require(RegexProbe.program("(a|aa)*c"))
        #expect(RegexMatcher.search(program, in: Self.manyA, stepLimit: 10_000) == .failure(.tooManySteps(limit: 10_000)))
        let regex = try RuleRegex.compile("(a|aa)*c").get()
        #expect(regex.matches(Self.manyA) == .success(false))
    }

    @Test func stopIsAskedPeriodicallyAndEndsTheSearch() throws {
        let program = try #require(RegexProbe.program("(a|aa)*c"))
        var asked = 0
        let result = RegexMatcher.search(program, in: Self.manyA) {
            asked += 1
            return asked == 3
        }
        #expect(result == .failure(.stopped))
        #expect(asked == 3)
        let regex = try RuleRegex.compile("(a|aa)*c").get()
        guard case .failure(let problem) = regex.matches(Self.manyA, stop: { true }) else {
            Issue.record("a stopped search must fail")
            return
        }
        #expect(problem.searchStopped)
        #expect(problem.description.contains("evaluation budget"))
    }

    @Test(arguments: [
        ("(?i)k", "\u{212A}", true),
        ("(?i)K", "k", true),
        ("(?i)s", "ſ", true),
        ("(?i)ſ", "S", true),
        ("(?i)σ", "ς", true),
        ("(?i)Σ", "σ", true),
        ("(?i)ß", "ẞ", true),
        ("(?i)ǅ", "ǆ", true),
        ("(?i)ǅ", "Ǆ", true),
        ("(?i)i", "ı", false),
        ("(?i)i", "İ", false),
        ("(?i)I", "i", true),
        ("(?i)é", "É", true),
        ("(?i)ω", "\u{2126}", true),
        ("(?i)[a-z]+$", "HeLLo", true),
        ("(?i)[^a]", "A", false),
        ("(?i)[k]", "\u{212A}", true),
        ("(?i)\\w", "\u{212A}", true),
        ("(?i)\\W", "ſ", false),
        ("\\w", "\u{212A}", false),
        ("(?i)\\p{Lu}", "a", true),
        ("\\p{Lu}", "a", false),
        ("(?i)[[:upper:]]", "q", true),
        ("(?i)\\Qab\\E", "AB", true),
        ("(?i)Ꭰ", "ꭰ", true),
    ])
    func caseFolding(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text)")
    }

    @Test(arguments: [
        ("\\pL", "é", true),
        ("\\pL", "1", false),
        ("\\PL", "1", true),
        ("\\p{L}", "中", true),
        ("\\p{Lu}", "É", true),
        ("\\p{Ll}", "É", false),
        ("\\pN", "½", true),
        ("\\p{Nd}", "٣", true),
        ("\\d", "٣", false),
        ("\\pZ", "\u{00A0}", true),
        ("\\p{Greek}", "α", true),
        ("\\p{Greek}", "a", false),
        ("\\P{Greek}", "a", true),
        ("\\p{^Greek}", "α", false),
        ("\\P{^Greek}", "α", true),
        ("\\p{Han}", "中", true),
        ("\\p{Cyrillic}+$", "Москва", true),
        ("\\p{Latin}", "é", true),
        ("\\p{Common}", "1", true),
        ("\\p{Inherited}", "\u{0301}", true),
        ("\\p{Any}", "\u{10FFFF}", true),
        ("\\p{Old_Italic}", "\u{10300}", true),
        ("\\pC", "\u{0378}", false),
        ("\\pC", "\u{0001}", true),
        ("[\\p{Greek}\\d]+$", "αβ12", true),
        ("[^\\pL]", "é", false),
        ("[\\P{L}]", "1", true),
        ("😀", "a😀b", true),
        ("[😀-😂]", "😁", true),
        ("^.$", "😀", true),
        ("^..$", "e\u{0301}", true),
    ])
    func unicodeClasses(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    /// Go 1.25 added long and loosely matched names, `Cn`, `LC`, `ASCII` and `Assigned`.
    @Test(arguments: [
        ("\\p{Letter}", "a", true),
        ("\\p{greek}", "α", true),
        ("\\p{old italic}", "\u{10300}", true),
        ("\\p{Cn}", "\u{0378}", true),
        ("\\p{Assigned}", "\u{0378}", false),
        ("\\p{ASCII}", "\u{7F}", true),
        ("\\p{LC}", "ǅ", true),
        ("\\p{Cased_Letter}", "ʰ", false),
        ("\\p{ lu }", "A", true),
    ])
    func unicodeClassNamesOfGo125(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: [
        ("\\bx", "x", true),
        ("x\\b", "x", true),
        ("\\bx\\b", "yx", false),
        ("\\b", "", false),
        ("\\B", "", true),
        ("\\b", " ", false),
        ("\\B", " ", true),
        ("x\\b", "xé", true),
        ("\\bé", "é", false),
        ("\\b_", "_", true),
        ("a\\Bb", "ab", true),
    ])
    func wordBoundaries(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: ["", "abc", "\n", "😀"])
    func theEmptyPatternMatchesEverything(text: String) {
        #expect(RegexProbe.matches("", text) == true)
        #expect(RegexProbe.matches("()", text) == true)
        #expect(RegexProbe.matches("|", text) == true)
        #expect(RegexProbe.matches("(?:)*", text) == true)
    }

    @Test(arguments: [
        ("a$", "a\n", false),
        ("a$", "a", true),
        ("a\\z", "a\n", false),
        ("(?m)a$", "a\nb", true),
        ("(?m)a$", "a\n", true),
        ("(?m)b$", "a\nb", true),
        ("^b", "a\nb", false),
        ("(?m)^b", "a\nb", true),
        ("(?m)^$", "a\n", true),
        ("(?m)^\\z", "a\n", true),
        ("(?m)\\Ab", "a\nb", false),
        ("(?m:^b)|^c", "a\nc", false),
        ("^$", "", true),
        ("^$", "\n", false),
        ("(?m)^$", "\n", true),
        ("$a", "a", false),
        ("a^", "a", false),
    ])
    func anchors(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: [
        ("a.b", "a\nb", false),
        ("(?s)a.b", "a\nb", true),
        ("(?s:a.)b", "a\nb", true),
        ("(?s)(?-s:a.)b", "a\nb", false),
        ("a.b", "a\rb", true),
        ("a.b", "a\u{2028}b", true),
        ("[^x]", "\n", true),
        ("\\D", "\n", true),
        ("^.*$", "one\ntwo", false),
        ("(?s)^.*$", "one\ntwo", true),
    ])
    func dotAndNewline(pattern: String, text: String, expected: Bool) {
        #expect(RegexProbe.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }
}
