/// One parsing event: the structure of a YAML stream with anchors and resolved tags, before composition.
struct YAMLEvent: Sendable {
    enum Kind: Sendable, Hashable {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    /// Where the node starts, with its anchor or tag if it has one.
    var start: YAMLMark
    /// The node's anchor, or the name an alias refers to.
    var anchor: [UInt8]?
    /// The full tag (`tag:yaml.org,2002:str` for `!!str`), nil when the node has none.
    var tag: [UInt8]?
    /// A scalar's text.
    var value: [UInt8] = []
    var style: YAMLScalarStyle = .plain

    init(_ kind: Kind, at start: YAMLMark, anchor: [UInt8]? = nil, tag: [UInt8]? = nil) {
        self.kind = kind
        self.start = start
        self.anchor = anchor
        self.tag = tag
    }

    /// The empty plain scalar an omitted node stands for (`key:` with no value, `- ` with no item).
    static func emptyScalar(at mark: YAMLMark) -> YAMLEvent {
        YAMLEvent(.scalar, at: mark)
    }
}
