import Testing
import OrkValue

/// The string helpers that replace Foundation's (`trimmingCharacters`, percent-encoding) now that the
/// modules import FoundationEssentials only.
struct TextEssentialsTests {
    @Test(arguments: [
        ("  token\n", "token"), ("\t\r\n a b \u{2028}", "a b"), ("\u{00A0}x\u{3000}", "x"), ("", ""), (" \n\t ", ""),
        ("no-space", "no-space"), ("\u{200B}zero-width\u{200B}", "\u{200B}zero-width\u{200B}"),
    ])
    func trimsWhiteSpaceAndLineBreaksOnly(_ input: String, _ expected: String) {
        #expect(input.trimmingWhitespace() == expected)
        #expect(input[...].trimmingWhitespace() == expected)
    }

    @Test(arguments: [
        (" \t42\u{00A0}\u{3000}", "42"), ("42\n", "42\n"), ("\r\n x \n", "\r\n x \n"), ("\t\n\t", "\n"), ("", ""),
        (" \t ", ""), ("\u{2028}a", "\u{2028}a"),
    ])
    func trimsSpacesAndTabsOnlyAsWhitespacesDid(_ input: String, _ expected: String) {
        #expect(input.trimmingSpacesAndTabs() == expected)
        #expect(input[...].trimmingSpacesAndTabs() == expected)
    }

    @Test func plusSignsBecomeSpacesEvenBeforeACombiningMark() {
        // "+\u{301}" is one Character; `replacing("+", with: " ")` on Characters leaves it alone.
        #expect("+\u{301}".plusSignsAsSpaces() == " \u{301}")
        #expect("a+b++c%2B".plusSignsAsSpaces() == "a b  c%2B")
        #expect("é+\u{1F600}".plusSignsAsSpaces() == "é \u{1F600}")
    }

    @Test func percentEncodesEveryByteOutsideTheSet() {
        #expect("a b/c?d#e%".percentEncoded(allowing: .unreserved) == "a%20b%2Fc%3Fd%23e%25")
        #expect("ns:pod@x".percentEncoded(allowing: PercentEncoding.Allowed.unreserved.adding(":@")) == "ns:pod@x")
        #expect("é".percentEncoded(allowing: .alphanumerics) == "%C3%A9")
        #expect("abc123".percentEncoded(allowing: .alphanumerics) == "abc123")
        #expect("~._-".percentEncoded(allowing: .alphanumerics) == "%7E%2E%5F%2D")
    }

    @Test func removesEscapesOrRefusesBrokenOnes() {
        #expect("a%20b%2Fc".removingPercentEscapes == "a b/c")
        #expect("%c3%A9".removingPercentEscapes == "é")
        #expect("plain".removingPercentEscapes == "plain")
        #expect("bad%2".removingPercentEscapes == nil)
        #expect("bad%zz".removingPercentEscapes == nil)
        #expect("%FF".removingPercentEscapes == nil, "not UTF-8")
        let all = String((1...127).compactMap { Unicode.Scalar($0).map(Character.init) })
        #expect(all.percentEncoded(allowing: .unreserved).removingPercentEscapes == all)
    }
}
