import OrkValue
import Testing

/// A parsed YAML tree written back reads as the same tree: key order, plain scalars as written,
/// quoted and block scalars as strings.
@Suite struct YAMLNodeWriterTests {
    @Test func writtenTreesReadBackAsTheSameValues() throws {
        let text = """
            version: 1.10
            quoted: "8080"
            port: 8080
            flags: [yes, "no", true, ~, ""]
            empty: {}
            none: []
            nested:
              - {name: a, value: "x: y"}
              - - inner
                - "#not a comment"
            block: |
              line one
              line two
            folded: plain scalar across
              two lines
            zeta: last
            alpha: first
            """
        let node = try #require(try YAMLReader.documents(text, file: "t.yaml").first)
        let written = YAMLWriter.document(node)
        let reread = try #require(try YAMLReader.documents(written, file: "w.yaml").first)
        #expect(reread.jsonValue == node.jsonValue)
        #expect(reread.pairs?.map(\.key) == node.pairs?.map(\.key), "key order is kept")
        #expect(reread["version"]?.scalar?.text == "1.10", "a plain scalar keeps its text")
        #expect(reread["quoted"]?.scalar?.style == .quoted)
    }
}
