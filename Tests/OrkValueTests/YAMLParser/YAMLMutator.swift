/// Small random damage to YAML text: byte flips, truncation, and inserted indicators, quotes, tabs,
/// line breaks (CR, NEL, LS), BOMs and control characters.
enum YAMLMutator {
    static let fragments = [
        "\t", ":", ": ", "\"", "'", "- ", "-", "[", "]", "{", "}", "#", " #", "&a ", "*a", "!!str ", "!", "|", ">", "|-",
        ">+2", "? ", ",", "\r\n", "\r", "\n", "\n\n", "\u{FEFF}", "\u{85}", "\u{2028}", "...", "---", "--- ", "%YAML 1.2\n",
        "%TAG !e! x:\n", "\\", "\\x", "\\u12", "<<: *a\n", "<<: ", "  ", "\u{01}", "\u{7F}", "é", "😀", "&", "*", "@", "`",
        "%", "a: b\n", "- - x\n", "{a: [b, {c: d}]}", "''", "\"\\\"\"",
    ]

    static func mutate(_ text: String, using random: inout YAMLFuzzRandom) -> String {
        var result = text
        for _ in 0..<(1 + random.upTo(2)) {
            result = mutateOnce(result, using: &random)
        }
        return result
    }

    private static func mutateOnce(_ text: String, using random: inout YAMLFuzzRandom) -> String {
        var scalars = Array(text.unicodeScalars)
        let at = random.upTo(scalars.count)
        switch random.upTo(9) {
        case 0:  // a bit flip in one byte; invalid UTF-8 decodes to U+FFFD
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return text }
            let index = random.upTo(bytes.count - 1)
            bytes[index] ^= UInt8(1) << UInt8(random.upTo(7))
            return String(decoding: bytes, as: UTF8.self)
        case 1:  // truncation
            return String(String.UnicodeScalarView(scalars.prefix(at)))
        case 2:  // deletion of a few characters
            let end = min(scalars.count, at + 1 + random.upTo(6))
            scalars.removeSubrange(at..<end)
        case 3:  // a line duplicated or moved
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count > 1 else { return text }
            let from = random.upTo(lines.count - 1)
            let line = lines[from]
            if random.chance(50) { lines.remove(at: from) }
            lines.insert(line, at: random.upTo(lines.count))
            return lines.joined(separator: "\n")
        case 4:  // indentation changed at a line start
            let lineStart = scalars[..<at].lastIndex(of: "\n").map { $0 + 1 } ?? 0
            if random.chance(50), lineStart < scalars.count, scalars[lineStart] == " " {
                scalars.remove(at: lineStart)
            } else {
                scalars.insert(contentsOf: (random.chance(80) ? " " : "\t").unicodeScalars, at: lineStart)
            }
        default:  // a fragment inserted
            let fragment = random.pick(fragments) ?? ":"
            scalars.insert(contentsOf: fragment.unicodeScalars, at: at)
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
