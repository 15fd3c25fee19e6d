import Testing
@testable import OrkValue

/// `%TAG` handles are looked up by dictionary and at most ``YAMLReader/maxDirectivesPerDocument``
/// directives are read before a document.
@Suite(.timeLimit(.minutes(2)))
struct YAMLDirectiveLimitTests {
    func error(_ text: String) -> YAMLSyntaxError? { yamlRefusal(text) }

    /// 100,000 `%TAG` directives were compared with each other (quadratic); now at most 100 are read.
    @Test func tooManyDirectivesAreRefused() throws {
        var text = ""
        for index in 0..<100_000 { text += "%TAG !t\(index)! tag:example.com,2026:\(index)/\n" }
        text += "---\n!t5!x a\n"
        let refusal = try #require(error(text))
        #expect(refusal.limit == .directives)
        #expect(refusal.position.line == YAMLReader.maxDirectivesPerDocument + 1)
    }

    @Test func tagDirectivesStillResolveAndRefuseDuplicates() throws {
        var text = "%YAML 1.1\n"
        for index in 0..<99 { text += "%TAG !t\(index)! tag:example.com,2026:\(index)/\n" }
        text += "---\n{a: !t98!x b, c: !!str 1, d: !local e}\n...\n%TAG !t1! tag:other/\n---\n!t1!y f\n"
        let accepted = try YAMLReader.documents(text, file: "t.yaml")
        #expect(accepted.count == 2)
        #expect(accepted.last?.scalar?.text == "f")
        // The third document has no %TAG: the handles of the first do not carry over.
        let refusal = try #require(error(text + "---\n!t2!z g\n"))
        #expect(refusal.message.contains("found undefined tag handle"))
        #expect(refusal.position.line == 108)
        #expect(error("%TAG !a! x:\n%TAG !a! y:\n--- 1\n")?.message.contains("found duplicate %TAG directive") == true)
    }
}
