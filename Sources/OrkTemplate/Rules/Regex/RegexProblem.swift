import OrkValue

/// An invalid or unsupported regular expression, or a search that could not finish, with the reason
/// shown to Katalog authors.
struct RegexProblem: Error, Sendable, Hashable, CustomStringConvertible {
    let pattern: String
    /// True when the pattern is valid but a search was stopped before it had an answer.
    let searchStopped: Bool
    let reason: String

    init(pattern: String, searchStopped: Bool = false, reason: String) {
        self.pattern = pattern
        self.searchStopped = searchStopped
        self.reason = reason
    }

    var description: String {
        "\(searchStopped ? "regex" : "invalid regex") \(JSONValue.string(pattern).serialized()): \(reason)"
    }
}
