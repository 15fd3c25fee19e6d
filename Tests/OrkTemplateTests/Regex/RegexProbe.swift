@testable import OrkTemplate

/// Runs patterns through the engine for tests: nil answers mean "refused".
enum RegexProbe {
    static func program(_ pattern: String) -> RegexProgram? {
        guard case .success(let program) = RegexParser.parse(pattern).flatMap(RegexCompiler.compile) else { return nil }
        return program
    }

    /// Whether `pattern` matches somewhere in `text`; nil when the pattern is refused or the search fails.
    static func matches(_ pattern: String, _ text: String) -> Bool? {
        guard let program = program(pattern), case .success(let found) = RegexMatcher.search(program, in: text) else { return nil }
        return found
    }

    /// Why `pattern` is refused; nil when it compiles.
    static func refusal(_ pattern: String) -> String? {
        guard case .failure(let error) = RegexParser.parse(pattern).flatMap(RegexCompiler.compile) else { return nil }
        return error.reason
    }
}
