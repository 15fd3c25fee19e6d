import Testing
@testable import OrkValue

/// The constructs manifests, Helm output, CRDs and Katalogs use, each pinned by value and position and
/// checked against the Yams oracle too.
struct YAMLReaderSyntaxTests {
    func read(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [YAMLNode] {
        #expect(YAMLDifferential.compare(text) == .sameTrees, sourceLocation: sourceLocation)
        return try YAMLReader.documents(text, file: "t.yaml")
    }

    func only(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> YAMLNode {
        let documents = try read(text, sourceLocation: sourceLocation)
        #expect(documents.count == 1, sourceLocation: sourceLocation)
        return try #require(documents.first, sourceLocation: sourceLocation)
    }

    func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLSyntaxError? {
        #expect(YAMLDifferential.compare(text) != .sameTrees, sourceLocation: sourceLocation)
        do {
            _ = try YAMLReader.documents(text, file: "t.yaml")
            Issue.record("accepted: \(text.debugDescription)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test func multiDocumentStreamsAndEmptyDocuments() throws {
        let documents = try read("a: 1\n---\nb: 2\n...\n---\n--- c\n...\n")
        #expect(documents.count == 4)
        #expect(documents[0]["a"]?.jsonValue == .int(1))
        #expect(documents[2].scalar?.isNull == true)
        #expect(documents[3].scalar?.text == "c")
        #expect(documents[3].position == SourcePosition(file: "t.yaml", line: 6, column: 5))
        #expect(try read("").isEmpty)
        #expect(try read("# only a comment\n").isEmpty)
        #expect(try read("---\n").first?.scalar?.isNull == true)
    }

    @Test func blockCollectionsAndPositions() throws {
        let root = try only("""
            # comment
            apiVersion: v1   # trailing comment
            spec:
              containers:
              - name: web
                ports: [80, 443]
              - image: "nginx"
            empty:
            """)
        #expect(root.position == SourcePosition(file: "t.yaml", line: 2, column: 1))
        let containers = try #require(root["spec"]?["containers"]?.items)
        #expect(containers.count == 2)
        #expect(root["spec"]?["containers"]?.position == SourcePosition(file: "t.yaml", line: 5, column: 3))
        #expect(containers[0].position == SourcePosition(file: "t.yaml", line: 5, column: 5))
        #expect(containers[0].pairs?.first?.keyPosition == SourcePosition(file: "t.yaml", line: 5, column: 5))
        #expect(containers[0]["ports"]?.jsonValue == .array([.int(80), .int(443)]))
        #expect(containers[1]["image"]?.scalar == YAMLScalar(text: "nginx", style: .quoted, contentColumnOffset: 1, contentLineOffset: 0))
        #expect(root["empty"]?.scalar?.isNull == true)
    }

    @Test func flowCollectionsNestedOverLines() throws {
        let root = try only("""
            rules: [{apiGroups: [""], resources: [pods,
                services], verbs: ["get",
              list]}, {}]
            single: [a: b, c]
            keysOnly: {x, y: }
            """)
        let rule = try #require(root["rules"]?.items?.first)
        #expect(rule["resources"]?.jsonValue == .array([.string("pods"), .string("services")]))
        #expect(rule["verbs"]?.jsonValue == .array([.string("get"), .string("list")]))
        #expect(root["single"]?.items?.first?["a"]?.scalar?.text == "b")
        #expect(root["keysOnly"]?.pairs?.map(\.key) == ["x", "y"])
    }

    @Test func plainAndQuotedScalarsFold() throws {
        let root = try only("""
            plain: first
              second

              third
            single: 'it''s
              folded'
            double: "tab\\there \\"q\\" \\\\ \\x41 \\u00e9 \\U0001F600 \\
              joined"
            """)
        #expect(root["plain"]?.scalar?.text == "first second\nthird")
        #expect(root["single"]?.scalar?.text == "it's folded")
        #expect(root["double"]?.scalar?.text == "tab\there \"q\" \\ A é 😀 joined")
    }

    @Test func blockScalarsChompAndIndent() throws {
        let root = try only("""
            literal: |
              line one
                indented

            folded: >-
              a
              b

              c
            kept: |+
              x

            explicit: |2
                two extra
            """)
        #expect(root["literal"]?.scalar?.text == "line one\n  indented\n")
        #expect(root["folded"]?.scalar?.text == "a b\nc")
        #expect(root["kept"]?.scalar?.text == "x\n\n")
        #expect(root["explicit"]?.scalar?.text == "  two extra")
        #expect(root["literal"]?.scalar?.style == .block)
        #expect(root["literal"]?.position == SourcePosition(file: "t.yaml", line: 1, column: 10))
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let root = try only("""
            base: &base {port: 80, name: a}
            copy: *base
            merged:
              <<: [*base, {extra: 1}]
              name: b
            """)
        // An alias stands for its node, position included.
        #expect(root["copy"] == root["base"])
        #expect(root["merged"]?.pairs?.map(\.key) == ["name", "port", "extra"])
        #expect(root["merged"]?["name"]?.scalar?.text == "b")
    }

    @Test func tagsAreCheckedAndDropped() throws {
        let root = try only("""
            %TAG !e! tag:example.com,2000:
            ---
            a: !!str 5
            b: !e!widget {x: 1}
            c: !<tag:yaml.org,2002:str> text
            d: ! quoted
            """)
        #expect(root["a"]?.scalar == YAMLScalar(text: "5", style: .plain, contentColumnOffset: 0, contentLineOffset: 0))
        #expect(root["b"]?["x"]?.jsonValue == .int(1))
        #expect(root["c"]?.scalar?.text == "text")
        #expect(refusal("a: !x!y z\n")?.message == "YAML syntax: while parsing a node found undefined tag handle")
    }

    @Test func explicitKeysDirectivesAndCRLF() throws {
        let root = try only("%YAML 1.2\r\n---\r\n? key\r\n: value\r\nlist:\r\n- a\r\n")
        #expect(root["key"]?.scalar?.text == "value")
        #expect(root["list"]?.position == SourcePosition(file: "t.yaml", line: 6, column: 1))
        #expect(refusal("%YAML 2.0\n---\na\n")?.message == "YAML syntax: found incompatible YAML document")
    }

    @Test func byteOrderMarks() throws {
        // At the start of the stream: skipped, not a column (Yams counted it and refused a directive after it).
        let text = "\u{FEFF}%YAML 1.2\n---\nkind: Pod\n"
        let root = try #require(try YAMLReader.documents(text, file: "t.yaml").first)
        #expect(root.position == SourcePosition(file: "t.yaml", line: 3, column: 1))
        #expect(YAMLDifferential.compare(text) == .knownDifference("leading byte order mark (YAML 1.2: skipped, not a column; Yams counted it)"))
        #expect(YAMLDifferential.compare("\u{FEFF}kind: Pod\n") == .knownDifference("leading byte order mark (YAML 1.2: skipped, not a column; Yams counted it)"))
        // At the start of a later line: skipped but counted as a column, as libyaml did, so it is no
        // document marker there (both refuse).
        #expect(refusal("a: 1\n\u{FEFF}---\nb: 2\n") != nil)
        // Inside a scalar: refused.
        let inside = "a: x\u{FEFF}y\n"
        #expect(refusal(inside)?.description == "t.yaml:1:5: YAML syntax: found a byte order mark (U+FEFF) inside a scalar; YAML allows it only at the start of a document")
        // Escaped, it is text (Yams's UTF-8 decoding dropped it when it began a scalar).
        let escaped = "a: \"\\uFEFFx\""
        #expect(try YAMLReader.documents(escaped, file: "t.yaml").first?["a"]?.scalar?.text == "\u{FEFF}x")
        #expect(YAMLDifferential.compare(escaped) == .knownDifference("escaped U+FEFF starting a scalar (kept; Yams's UTF-8 decoding dropped it)"))
    }

    @Test func tabsWhereYAMLForbidsThemAreErrors() {
        let error = refusal("a:\n\tb: 1\n")
        #expect(error?.position == SourcePosition(file: "t.yaml", line: 2, column: 1))
        #expect(error?.message == "YAML syntax: while scanning for the next token found character that cannot start any token")
        #expect(refusal("a: |\n \tx\n")?.message.contains("tab character") == true)
    }

    @Test func keysMustBePlainStringsAndUnique() {
        #expect(refusal("[a]: 1\n")?.message == "mapping keys must be plain strings")
        let duplicate = refusal("a: 1\nb: 2\na: 3\nb: 4\n")
        #expect(duplicate?.message == "duplicate key \"a\", \"b\" in one mapping")
        #expect(duplicate?.position == SourcePosition(file: "t.yaml", line: 1, column: 1))
        #expect(refusal("a: 1\n'a': 2\n")?.message == "duplicate key \"a\" in one mapping")
        #expect(refusal("a: 1\n!x a: 2\n")?.message == "duplicate key \"a\"")
        #expect(refusal("<<: {a: 1}\n<<: {b: 2}\n")?.message == "duplicate key \"<<\" in one mapping")
        #expect(refusal("<<: 1\n")?.message == "merge key '<<' needs a mapping")
    }

    /// YAML 1.2 that libyaml refused is still refused (as by Yams), and its YAML 1.1 line breaks stay:
    /// kubectl's go-yaml, a port of libyaml, behaves the same.
    @Test func libyamlStrictnessIsKept() throws {
        #expect(refusal("a\n...\nb\n")?.message == "YAML syntax: did not find expected <document start>")
        #expect(refusal("- \tx\n") != nil)
        #expect(refusal("%FOO bar\n---\na\n")?.message == "YAML syntax: while scanning a directive found unknown directive name")
        #expect(refusal("[a:]\n")?.message == "YAML syntax: while scanning a plain scalar found unexpected ':'")
        // NEL, LS and PS break lines (YAML 1.1), so the second key is on line 2.
        let root = try only("a: 1\u{2028}b: 2\n")
        #expect(root.pairs?.last?.keyPosition == SourcePosition(file: "t.yaml", line: 2, column: 1))
    }

    @Test func syntaxErrorsNameTheirPosition() {
        let unterminated = refusal("a: 'open\n")
        #expect(unterminated?.description == "t.yaml:2:1: YAML syntax: while scanning a quoted scalar found unexpected end of stream")
        let bracket = refusal("kind: [Katalog\nmetadata: {}\n")
        #expect(bracket?.position.line == 2)
        #expect(refusal("a: b: c\n")?.description == "t.yaml:1:5: YAML syntax: mapping values are not allowed in this context")
        #expect(refusal("x: \u{7}\n")?.description == "t.yaml:1:4: YAML cannot be read: control characters are not allowed (U+0007)")
        #expect(refusal("a: *nothing\n")?.message == "YAML syntax: found undefined alias *nothing")
    }
}
