/// How a scalar was written.
enum YAMLScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One token of a YAML stream, as libyaml's scanner produces them: indicators, the block structure the
/// indentation implies (`blockSequenceStart`, `blockMappingStart`, `blockEnd`), properties and scalars.
struct YAMLToken: Sendable {
    enum Kind: Sendable, Hashable {
        case streamStart, streamEnd
        case versionDirective, tagDirective
        case documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value
        case alias, anchor, tag, scalar
    }

    var kind: Kind
    var start: YAMLMark
    var end: YAMLMark
    /// The scalar's text, the anchor's or alias's name, the tag's suffix or the `%TAG` prefix.
    var value: [UInt8] = []
    /// The tag's handle (`!`, `!!`, `!name!`, empty for a verbatim tag) or the `%TAG` handle.
    var handle: [UInt8] = []
    var style: YAMLScalarStyle = .plain
    /// The `%YAML` version.
    var major = 0
    var minor = 0

    init(_ kind: Kind, start: YAMLMark, end: YAMLMark) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}
