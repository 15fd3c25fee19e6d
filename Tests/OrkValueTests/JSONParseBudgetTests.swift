import Testing
import OrkValue

/// `JSONValue.parse(bytes:budget:)`: elements and depth are bounded, and the parser stops at the
/// first element over the budget.
struct JSONParseBudgetTests {
    static func array(_ count: Int) -> [UInt8] {
        Array(("[" + Array(repeating: "0", count: count).joined(separator: ",") + "]").utf8)
    }

    @Test func everyValueCountsOne() throws {
        let budget = JSONParseBudget(maxElements: 4)
        #expect(try JSONValue.parse(bytes: Self.array(3), budget: budget) == .array([0, 0, 0]))
        #expect(try JSONValue.parse(bytes: Array(#"{"a":"x","b":[true]}"#.utf8), budget: budget)
                == ["a": "x", "b": [true]])
    }

    @Test func overTheElementBudgetStopsThere() {
        let budget = JSONParseBudget(maxElements: 1_000)
        do {
            _ = try JSONValue.parse(bytes: Self.array(100_000), budget: budget)
            Issue.record("parsed over the budget")
        } catch {
            #expect(error.kind == .tooManyElements && error.isOverBudget)
            // The 1,000 elements allowed are the array and 999 zeros ("0," each): it stopped there.
            #expect(error.offset == 1 + 999 * 2)
            #expect(error.message == "more than 1000 elements")
        }
        let object = Array(("{" + (0..<5_000).map { "\"k\($0)\":0" }.joined(separator: ",") + "}").utf8)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: object, budget: budget) }
    }

    @Test func overTheDepthIsTooDeepAndSyntaxErrorsAreNotOverBudget() {
        do {
            _ = try JSONValue.parse(bytes: Array(repeating: UInt8(ascii: "["), count: 100), budget: JSONParseBudget(maxDepth: 10))
            Issue.record("parsed too deep")
        } catch {
            #expect(error.kind == .tooDeep && error.isOverBudget)
        }
        do {
            _ = try JSONValue.parse(bytes: Array("[0,".utf8), budget: JSONParseBudget(maxElements: 10))
            Issue.record("parsed garbage")
        } catch {
            #expect(error.kind == .syntax && !error.isOverBudget)
        }
    }

    @Test func theDefaultParseKeepsNoElementLimit() throws {
        #expect(try JSONValue.parse(bytes: Self.array(300_000)).arrayValue?.count == 300_000)
    }
}
