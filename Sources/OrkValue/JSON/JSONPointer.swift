/// An RFC 6901 JSON Pointer: `/a/b/0`, with `~1` for `/` and `~0` for `~` inside a token.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    public var tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses pointer text. The empty string is the whole document; anything else starts with `/`.
    /// A `~` not followed by `0` or `1` is an error.
    public init(parsing text: String) throws(JSONPatchError) {
        if text.isEmpty { self.tokens = []; return }
        guard text.hasPrefix("/") else {
            throw JSONPatchError("JSON pointer \"\(text)\" must be empty or start with \"/\"")
        }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else {
                throw JSONPatchError("JSON pointer \"\(text)\" has an invalid escape (only ~0 and ~1 are allowed)")
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer text, escaping `~` and `/` in tokens.
    public var description: String {
        tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        var out = ""
        for character in token {
            switch character {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ raw: Substring) -> String? {
        guard raw.contains("~") else { return String(raw) }
        var out = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else { out.append(character); continue }
            switch iterator.next() {
            case "0": out.append("~")
            case "1": out.append("/")
            default: return nil
            }
        }
        return out
    }

    /// The value this pointer refers to in `document`, or nil when it does not exist.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let fields):
                guard let next = fields[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = JSONPointer.arrayIndex(token, count: items.count), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A decimal array index without leading zeros, or nil (`-` and anything else are not indexes).
    static func arrayIndex(_ token: String, count: Int) -> Int? {
        guard !token.isEmpty, token.utf8.count <= 18, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if token.utf8.count > 1, token.utf8.first == 0x30 { return nil }
        return Int(token)
    }
}
