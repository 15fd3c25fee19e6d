import OrkKatalog
import OrkValue
import Testing
@testable import OrkRuntime

/// What the move to FoundationEssentials must not change: a status string coerces to a number or a
/// bool around spaces and tabs only (as `trimmingCharacters(in: .whitespaces)` did: `"42\n"` is not
/// 42), and a query's `+` is a space byte by byte, even before a combining mark.
@Suite struct SpacesAndFormDecodingTests {
    @Test func statusCoercionTrimsSpacesAndTabsButNotLineBreaks() {
        #expect(StatusBuilder.coerce(.string(" \t42\u{00A0}"), to: .int) == .int(42))
        #expect(StatusBuilder.coerce(.string("42\n"), to: .int) == nil)
        #expect(StatusBuilder.coerce(.string("\r\n42"), to: .int) == nil)
        #expect(StatusBuilder.coerce(.string(" 1.5\t"), to: .float) == .double(1.5))
        #expect(StatusBuilder.coerce(.string("1.5\n"), to: .float) == nil)
        #expect(StatusBuilder.coerce(.string("\ttrue "), to: .bool) == .bool(true))
        #expect(StatusBuilder.coerce(.string("true\n"), to: .bool) == nil)
    }

    @Test func aPlusBeforeACombiningMarkIsASpaceInAQuery() {
        let query = APIQuery("name=a+\u{301}b&other=x%2B\u{301}+y")
        #expect(query["name"] == "a \u{301}b")
        #expect(query["other"] == "x+\u{301} y")
        #expect(APIQuery.decode("+\u{301}") == " \u{301}")
    }
}
