import FoundationEssentials
import OrkValue

/// A decoded URL query (`a=b&c=d`, percent-decoding, `+` as space); the last value of a key wins.
struct APIQuery: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = parts.first else { continue }
            let value = parts.count > 1 ? parts[parts.index(after: parts.startIndex)] : ""
            values[Self.decode(rawKey)] = Self.decode(value)
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.plusSignsAsSpaces()
        return spaced.removingPercentEscapes ?? spaced
    }

    subscript(key: String) -> String? { values[key] }
}
