import Testing
@testable import OrkTemplate

/// Compiling is bounded by the program it produces: empty repeated bodies are one empty node.
@Suite struct RegexCompileWorkTests {
    /// `(?:){1000}` is one empty node: chaining thousands of them costs the compiler one step each,
    /// and nesting them is refused by the nested-count rule.
    @Test func emptyRepeatedBodiesCostNothingToCompile() throws {
        let chained = String(repeating: "((?:){1000})", count: 5_000)
        let parsed = try RegexParser.parse(chained).get()
        for node in parsed.tree.nodes {
            if case .repetition = node { Issue.record("a repetition of an empty body was kept") }
        }
        let (result, work) = RegexCompiler.compileCountingWork(parsed)
        let program = try result.get()
        #expect(program.instructions.count == 1)
        #expect(work <= parsed.tree.nodes.count + 2, "\(work)")
        #expect(RegexProbe.refusal("((?:){1000}){1000}") != nil)
        #expect(RegexProbe.matches("a(?:){1000}b", "xaby") == true)
        #expect(RegexProbe.matches("a(?:){0,1000}b", "xacb") == false)
    }
}
