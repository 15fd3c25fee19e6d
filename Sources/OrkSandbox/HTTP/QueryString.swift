import FoundationEssentials
import OrkValue

/// A decoded URL query (`a=b&c=d`, percent-decoding and `+` as space); the last value of a key wins.
struct QueryString {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = parts.first else { continue }
            let key = Self.decode(rawKey)
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    static func decode(_ text: Substring) -> String {
        text.plusSignsAsSpaces().removingPercentEscapes ?? String(text)
    }

    subscript(key: String) -> String? { values[key] }

    func flag(_ key: String) -> Bool { values[key] == "true" || values[key] == "1" }

    func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
}
