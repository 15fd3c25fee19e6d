/// What the modules need of Foundation's string conveniences, without Foundation: `FoundationEssentials`
/// (which the modules import instead, so the binaries carry no ICU data) has no `CharacterSet`,
/// `trimmingCharacters(in:)` or percent-encoding with a custom set.
extension StringProtocol {
    /// The text without leading and trailing white space: Unicode space separators, tab and the line
    /// breaks (U+000A…U+000D, U+0085, U+2028, U+2029), as `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public func trimmingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespaceOrNewline }) else { return "" }
        guard let last = scalars.lastIndex(where: { !$0.isWhitespaceOrNewline }) else { return "" }
        return String(scalars[first...last])
    }

    /// The text without leading and trailing spaces and tabs (Unicode space separators and U+0009), as
    /// `trimmingCharacters(in: .whitespaces)`: line breaks stay (`"42\n"` is not a number).
    public func trimmingSpacesAndTabs() -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrTab }) else { return "" }
        guard let last = scalars.lastIndex(where: { !$0.isSpaceOrTab }) else { return "" }
        return String(scalars[first...last])
    }

    /// Every `+` as a space, as HTML form encoding writes spaces in a query. Byte by byte: a `+` followed
    /// by a combining mark (one Character with it) is a `+` all the same.
    public func plusSignsAsSpaces() -> String {
        let bytes = utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text with every byte of its UTF-8 outside `allowed` written as `%XX` (upper-case hex), as
    /// `addingPercentEncoding(withAllowedCharacters:)` does; `allowed` holds ASCII scalars only.
    public func percentEncoded(allowing allowed: PercentEncoding.Allowed) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for byte in utf8 {
            if byte < 0x80, allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(PercentEncoding.hexDigit(byte >> 4))
                out.append(PercentEncoding.hexDigit(byte & 0x0F))
            }
        }
        return out
    }

    /// `%XX` sequences decoded to the bytes they stand for; nil when a `%` is not followed by two hex
    /// digits or the bytes are not UTF-8 (as `removingPercentEncoding`).
    public var removingPercentEscapes: String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(PercentEncoding.hexValue),
                  let low = iterator.next().flatMap(PercentEncoding.hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension Unicode.Scalar {
    /// A space separator (general category Zs) or a tab, as Foundation's `CharacterSet.whitespaces`.
    public var isSpaceOrTab: Bool {
        value == 0x09 || properties.generalCategory == .spaceSeparator
    }

    /// White space or a line break, as Foundation's `CharacterSet.whitespacesAndNewlines`.
    public var isWhitespaceOrNewline: Bool {
        switch value {
        case 0x09...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return properties.generalCategory == .spaceSeparator
        }
    }
}

/// Percent-encoding (RFC 3986) sets and digits.
public enum PercentEncoding {
    /// A set of ASCII bytes left as they are.
    public struct Allowed: Sendable {
        private var bits: (UInt64, UInt64) = (0, 0)

        public init(_ characters: String) {
            for byte in characters.utf8 where byte < 0x80 { insert(byte) }
        }

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { bits.0 |= 1 << UInt64(byte) } else { bits.1 |= 1 << UInt64(byte - 64) }
        }

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? bits.0 & (1 << UInt64(byte)) != 0 : byte < 128 && bits.1 & (1 << UInt64(byte - 64)) != 0
        }

        public func adding(_ characters: String) -> Allowed {
            var copy = self
            for byte in characters.utf8 where byte < 0x80 { copy.insert(byte) }
            return copy
        }

        /// RFC 3986 unreserved: letters, digits, `-._~` (what a query value keeps).
        public static let unreserved = Allowed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        /// Letters and digits only.
        public static let alphanumerics = Allowed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    }

    static func hexDigit(_ nibble: UInt8) -> Character {
        Character(Unicode.Scalar(nibble < 10 ? nibble + 0x30 : nibble - 10 + 0x41))
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
