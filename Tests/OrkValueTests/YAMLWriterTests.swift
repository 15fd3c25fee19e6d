import Testing
import OrkValue

@Suite struct YAMLWriterTests {
    static let awkwardStrings = [
        "", " lead", "trail ", "yes", "no", "on", "null", "~", "true", "1", "0x1F", "1e3", "1.5", ".inf", "-",
        "- item", ": x", "a: b", "a #b", "#c", "@x", "`x`", "{a}", "[a]", "*ref", "&anchor", "!tag", "%x", "|", ">",
        "'q'", "\"q\"", "tab\there", "line1\nline2\n", "line1\nline2", "ends\n\n", "  indented\nx", "x\n  y",
        "ctrl\u{01}", "é😀", "a:b", "http://x:80/y", "key:", "? q", "a,b",
    ]

    @Test(arguments: awkwardStrings)
    func stringsReadBackUnchanged(_ text: String) throws {
        let document: JSONValue = ["value": .string(text), "list": [.string(text)], "nested": ["k": .string(text)]]
        let yaml = YAMLWriter.document(document)
        let nodes = try YAMLReader.documents(yaml, file: "t")
        #expect(nodes.first?.jsonValue == document, "\(yaml)")
    }

    @Test func scalarsAndCollectionsRoundTrip() throws {
        let document: JSONValue = [
            "apiVersion": "v1", "kind": "X", "metadata": ["name": "web", "labels": [:]],
            "ints": [1, -2, 0], "floats": [1.5, 2.0], "bools": [true, false], "none": nil, "empty": [],
            "nested": [["a": 1, "b": [["c": "d"]]], [[1, 2], []]],
        ]
        let yaml = YAMLWriter.document(document)
        #expect(yaml.hasPrefix("apiVersion: v1\nkind: X\nmetadata:\n  name: web\n"))
        #expect(try YAMLReader.documents(yaml, file: "t").first?.jsonValue == document)
    }
}
