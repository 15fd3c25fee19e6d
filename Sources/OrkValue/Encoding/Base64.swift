/// Base64 (RFC 4648), the package's one implementation: Secret and ConfigMap `binaryData`, the
/// `b64enc`/`b64dec` template functions, kubeconfig and Secret material, PEM bodies, admission
/// patches and continue tokens. Pure Swift, so no module needs Foundation's `Data` for it.
public enum Base64 {
    /// The 64 characters: `+/` (§4, standard) or `-_` (§5, URL- and file-name-safe).
    public enum Alphabet: Sendable {
        case standard, url

        var characters: [UInt8] {
            switch self {
            case .standard: Self.standardCharacters
            case .url: Self.urlCharacters
            }
        }

        private static let standardCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        private static let urlCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    }

    /// `bytes` in `alphabet`, padded with `=` to a multiple of 4 unless `padded` is false.
    public static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet = .standard, padded: Bool = true) -> String {
        let input = Array(bytes)
        let characters = alphabet.characters
        var out: [UInt8] = []
        out.reserveCapacity((input.count / 3 + 1) * 4)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            var chunk: UInt32 = 0
            for offset in 0..<3 {
                chunk = chunk << 8 | (offset < count ? UInt32(input[index + offset]) : 0)
            }
            for position in 0...count {
                out.append(characters[Int((chunk >> UInt32(18 - 6 * position)) & 63)])
            }
            if padded {
                for _ in count..<3 { out.append(UInt8(ascii: "=")) }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Padded standard base64, as Go's `base64.StdEncoding` decodes it (`\r` and `\n` ignored).
    /// Nil when malformed: a length that is not a multiple of 4, a foreign character, or `=` anywhere
    /// but the last one or two places.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = text.utf8.filter { $0 != 0x0A && $0 != 0x0D }
        guard input.count % 4 == 0 else { return nil }
        var values: [UInt8] = []
        values.reserveCapacity(input.count)
        var padding = 0
        for (index, character) in input.enumerated() {
            if character == UInt8(ascii: "=") {
                guard index >= input.count - 2 else { return nil }
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(character, alphabet: .standard) else { return nil }
            values.append(value)
        }
        return bytes(from: values)
    }

    /// Either alphabet, padding optional (what a client may send back as a continue token).
    public static func decodeLenient(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        for character in text.utf8 where character != UInt8(ascii: "=") {
            guard let value = sextet(character, alphabet: .standard) ?? sextet(character, alphabet: .url) else { return nil }
            values.append(value)
        }
        return bytes(from: values)
    }

    /// Bytes from sextets (unpadded); nil for a count that no encoding produces (1 mod 4).
    private static func bytes(from values: [UInt8]) -> [UInt8]? {
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count / 4 * 3 + 2)
        var index = 0
        while index < values.count {
            let count = min(4, values.count - index)
            var chunk: UInt32 = 0
            for offset in 0..<4 {
                chunk = chunk << 6 | (offset < count ? UInt32(values[index + offset]) : 0)
            }
            for position in 0..<(count - 1) {
                out.append(UInt8(truncatingIfNeeded: chunk >> UInt32(16 - 8 * position)))
            }
            index += 4
        }
        return out
    }

    private static func sextet(_ character: UInt8, alphabet: Alphabet) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+") where alphabet == .standard, UInt8(ascii: "-") where alphabet == .url: 62
        case UInt8(ascii: "/") where alphabet == .standard, UInt8(ascii: "_") where alphabet == .url: 63
        default: nil
        }
    }
}
