import Testing
@testable import OrkValue

/// Hostile input: alias bombs, deep nesting, long lines and large documents are errors or fast,
/// never a crash, a stack overflow or super-linear work.
@Suite(.timeLimit(.minutes(2)))
struct YAMLReaderLimitTests {
    func error(_ text: String) -> YAMLSyntaxError? { yamlRefusal(text) }

    @Test func aliasBombsAreRefusedBeforeTheyExpand() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(error(text)?.message == "document expands to more than 2000000 nodes (alias bomb?)")
        // Merge keys expand too.
        var merges = "m0: &m0 {a: 1, b: 2, c: 3, d: 4}\n"
        for level in 1...12 {
            merges += "m\(level): &m\(level) [" + Array(repeating: "*m\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        merges += "x: {<<: *m12}\n"
        #expect(error(merges)?.message.contains("expands to more than") == true)
    }

    @Test func theBudgetCountsEveryDocumentOfAStream() {
        let half = "a: &a [" + Array(repeating: "x", count: 1_000).joined(separator: ", ") + "]\n"
            + "b: [" + Array(repeating: "*a", count: 999).joined(separator: ", ") + "]\n"
        #expect(error(half) == nil)
        #expect(error(half + "---\n" + half + "---\n" + half)?.message.contains("expands to more than") == true)
    }

    @Test func nestingTenThousandDeepIsAnErrorNotAStackOverflow() {
        let deep = 10_000
        let shapes = [
            String(repeating: "[", count: deep) + String(repeating: "]", count: deep),
            String(repeating: "{a: ", count: deep) + "x" + String(repeating: "}", count: deep),
            String(repeating: "- ", count: deep) + "x\n",
            String(repeating: "a: [", count: deep) + String(repeating: "]", count: deep),
            (0..<2_000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n"),
            "a: &a " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "\nb: "
                + String(repeating: "[", count: 60) + "*a" + String(repeating: "]", count: 60),
        ]
        for (index, text) in shapes.enumerated() {
            let refusal = error(text)
            #expect(refusal?.message.contains("nested more than 200 levels") == true, "shape \(index): \(String(describing: refusal))")
        }
        // Brackets inside a quoted scalar are text, however many.
        let quoted = "a: \"" + String(repeating: "[", count: deep) + "\""
        #expect(error(quoted) == nil)
    }

    @Test func depthTwoHundredIsTheLimitExactly() {
        let accepted = String(repeating: "[", count: 199) + "x" + String(repeating: "]", count: 199)
        let refused = String(repeating: "[", count: 200) + "x" + String(repeating: "]", count: 200)
        #expect(error(accepted) == nil)
        #expect(error(refused)?.message == "document is nested more than 200 levels deep")
        #expect(YAMLDifferential.compare(accepted) == .sameTrees)
        #expect(YAMLDifferential.compare(refused) == .bothRefused(sameMessage: true))
    }

    @Test func largeDocumentsParseInLinearTime() throws {
        let keys = (0..<20_000).map { "key\($0): value \($0)" }.joined(separator: "\n")
        #expect(try YAMLReader.documents(keys, file: "t.yaml").first?.pairs?.count == 20_000)
        let flow = "[" + Array(repeating: "item", count: 50_000).joined(separator: ", ") + "]"
        #expect(try YAMLReader.documents(flow, file: "t.yaml").first?.items?.count == 50_000)
        // Deep and wide: the implicit-key checks cost the same per token at any depth.
        let deepAndWide = String(repeating: "[", count: 198) + Array(repeating: "a", count: 30_000).joined(separator: ",")
            + String(repeating: "]", count: 198)
        #expect(try YAMLReader.documents(deepAndWide, file: "t.yaml").count == 1)
        let longLine = "a: " + String(repeating: "x", count: 500_000)
        #expect(try YAMLReader.documents(longLine, file: "t.yaml").first?["a"]?.scalar?.text.count == 500_000)
        // An implicit key is at most 1,024 characters (YAML 1.2 and libyaml).
        let longKey = String(repeating: "k", count: 2_000) + ": v"
        #expect(error(longKey)?.message == "YAML syntax: mapping values are not allowed in this context")
        #expect(YAMLDifferential.compare(longKey) == .bothRefused(sameMessage: true))
        let manyDuplicates = (0..<10_000).map { "k\($0 % 5_000): v" }.joined(separator: "\n")
        #expect(error(manyDuplicates)?.message.hasPrefix("duplicate key \"k0\", \"k1\"") == true)
    }

    /// Implicit keys end 1,024 characters after they start or at a line break; around those limits,
    /// at any flow depth, the outcome is libyaml's.
    @Test func implicitKeyLimitsMatchLibyaml() {
        var inputs: [String] = []
        for length in [1_018, 1_020, 1_021, 1_022, 1_023, 1_024, 1_025, 1_026, 1_030] {
            let key = String(repeating: "k", count: length)
            inputs += [
                key + ": v\n", "a:\n  " + key + ": v\n", "- " + key + ": v\n", "'" + key + "': v\n",
                "[" + key + ": v]\n", "{" + key + ": v}\n", "[[[" + key + "]]]: v\n", "{a: [" + key + ": v, b]}\n",
                "[" + String(repeating: "[", count: 150) + key + ": v" + String(repeating: "]", count: 151) + "\n",
                "[a,\n " + key + "\n : v]\n", "? " + key + "\n: v\n", "&anchor " + key + ": v\n",
            ]
        }
        inputs += ["[a\n: b]\n", "{a\n: b}\n", "[[a, b]\n: c]\n", "a\n: b\n", "[a: b\n, c]\n", "- [a,\n   b]: c\n"]
        for text in inputs {
            #expect(!YAMLDifferential.compare(text).isMismatch, "\(text.prefix(80))…")
        }
    }

    @Test func aliasesToEarlierDocumentsAreRefusedWithAReason() {
        let text = "a: &x 1\n---\nb: *x\n"
        #expect(error(text)?.message == "YAML syntax: found undefined alias *x (its anchor is in an earlier document; anchors do not cross documents)")
        #expect(YAMLDifferential.compare(text) == .knownDifference(
            "alias to an anchor of an earlier document (YAML 1.2: anchors are per document; Yams kept them)"))
    }
}
