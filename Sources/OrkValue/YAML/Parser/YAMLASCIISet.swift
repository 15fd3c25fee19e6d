/// A set of ASCII characters as a 128-bit mask, for the scanner's per-character tests.
struct YAMLASCIISet: Sendable {
    private let low: UInt64
    private let high: UInt64

    init(_ characters: String) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in characters.utf8 {
            if byte < 64 {
                low |= 1 << UInt64(byte)
            } else if byte < 128 {
                high |= 1 << UInt64(byte - 64)
            }
        }
        self.low = low
        self.high = high
    }

    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low & (1 << UInt64(byte)) != 0 }
        if byte < 128 { return high & (1 << UInt64(byte - 64)) != 0 }
        return false
    }

    /// Characters that end a plain scalar or an entry in flow context.
    static let flowIndicators = YAMLASCIISet(",[]{}")
    /// After `:` in a flow plain scalar: libyaml refuses `a:,`, `a:]`, `a:?` and the like.
    static let flowIndicatorsAndQuestionMark = YAMLASCIISet(",?[]{}")
    /// Characters that cannot start a plain scalar (some can when followed by a non-blank).
    static let indicators = YAMLASCIISet("-?:,[]{}#&*!|>'\"%@`")
    /// What may follow an anchor or alias name besides a blank or a line break.
    static let anchorEnds = YAMLASCIISet("?:,]}%@`")
    /// URI characters of tags besides `[0-9A-Za-z_-]`.
    static let uriCharacters = YAMLASCIISet(";/?:@&=+$.%!~*'()")
    /// More URI characters allowed in verbatim tags and `%TAG` prefixes.
    static let uriFlowCharacters = YAMLASCIISet(",[]")
}
