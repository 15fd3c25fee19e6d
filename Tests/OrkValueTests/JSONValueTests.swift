import Testing
import OrkValue

@Suite struct JSONValueTests {
    @Test func roundTripsThroughText() throws {
        let value: JSONValue = ["b": [1, 2.5, "x\n\"y\"", nil, true], "a": ["nested": [:]]]
        let text = value.serialized()
        #expect(text == #"{"a":{"nested":{}},"b":[1,2.5,"x\n\"y\"",null,true]}"#)
        #expect(try JSONValue.parse(text) == value)
    }

    @Test func keepsIntegersApartFromDoubles() throws {
        #expect(try JSONValue.parse("3") == .int(3))
        #expect(try JSONValue.parse("3.0") == .double(3))
        #expect(try JSONValue.parse("-1e3") == .double(-1000))
        #expect(JSONValue.double(2).plainText == "2")
    }

    @Test(arguments: ["", "{", "[1,", "\"abc", "{\"a\" 1}", "tru", "01x", "[1]]", "\"\\x\"", "-", "1.", "1e"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func decodesEscapes() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
        #expect(try JSONValue.parse(#""\ud800""#) == .string("\u{FFFD}"))
    }

    @Test func pathsLookUpAndSet() throws {
        let doc: JSONValue = ["spec": ["items": [["name": "a"], ["name": "b"]]]]
        #expect(doc.value(atDotted: "spec.items.1.name") == "b")
        #expect(doc.value(atDotted: ".spec.items.9.name") == nil)
        let updated = try #require(doc.setting(3, at: ["spec", "replicas"]))
        #expect(updated.value(atDotted: "spec.replicas") == 3)
        #expect(doc.setting(1, at: ["spec", "items", "x"]) == nil)
        #expect(updated.removing(at: ["spec", "replicas"]) == doc)
    }
}
