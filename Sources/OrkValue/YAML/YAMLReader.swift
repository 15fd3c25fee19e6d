/// A YAML syntax error with its position.
public struct YAMLSyntaxError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String
    /// The bound of ``YAMLReader`` the document went past, when the error is such a refusal.
    public var limit: YAMLLimit? = nil
    public var description: String { "\(position): \(message)" }
}

/// The bounds ``YAMLReader`` refuses documents past.
public enum YAMLLimit: Sendable, Equatable {
    /// ``YAMLReader/maxNodes``.
    case nodes
    /// ``YAMLReader/maxDepth``.
    case depth
    /// ``YAMLReader/maxExpandedBytes(inputBytes:)``.
    case expandedBytes
    /// ``YAMLReader/maxDirectivesPerDocument``.
    case directives
}

/// Parses YAML text into positioned `YAMLNode` trees (one per document).
///
/// The parser is Orkestra's own (`Parser/`): a memory-safe port of libyaml's scanner and parser, so
/// documents, positions and errors are those the Yams-based reader gave, without Foundation. Scalars
/// stay text (their style says whether they were quoted); tags are checked and dropped.
///
/// Aliases are expanded with a bound on the total number of nodes and on the bytes they expand to
/// (``maxExpandedBytes(inputBytes:)``), so a hostile document ("billion laughs", a huge anchored
/// scalar used again and again) is an error, not an out-of-memory kill. Merge keys (`<<`) are applied.
/// Nesting deeper than ``maxDepth`` is an error; nothing recurses, so no input can exhaust the stack.
public enum YAMLReader {
    /// The most nodes one file may expand to.
    public static let maxNodes = 2_000_000
    /// The deepest a node may be (the root is at depth 0).
    public static let maxDepth = 200
    /// The most bytes a stream of `inputBytes` bytes may expand to, counting every node, keys included,
    /// as its scalar's bytes plus one, and every alias as the expanded size of what it names (charged
    /// again at each use). Without aliases a document expands to at most about 2.5 times its size (a
    /// node per byte of `[a,b]`, escapes such as `\L` that decode to 1.5 times their source), so
    /// 4 times the input plus 32 MiB for anchored defaults merged many times (`<<: *defaults`) passes
    /// any real manifest, while `k: &k <1 MiB>` used as a key or value 230,000 times is refused after
    /// about 36 uses instead of hashing or printing hundreds of GiB.
    public static func maxExpandedBytes(inputBytes: Int) -> Int {
        let (scaled, overflow) = inputBytes.multipliedReportingOverflow(by: expandedBytesPerInputByte)
        let (total, overflowAgain) = scaled.addingReportingOverflow(expandedBytesAllowance)
        return overflow || overflowAgain ? Int.max : total
    }
    /// See ``maxExpandedBytes(inputBytes:)``.
    public static let expandedBytesPerInputByte = 4
    /// See ``maxExpandedBytes(inputBytes:)``.
    public static let expandedBytesAllowance = 32 << 20
    /// The most `%YAML` and `%TAG` directives before one document (a real one has none or a few).
    public static let maxDirectivesPerDocument = 100

    /// Parses every document of a YAML stream.
    public static func documents(_ text: String, file: String) throws(YAMLSyntaxError) -> [YAMLNode] {
        var composer = try YAMLComposer(text: text, file: file)
        return try composer.documents()
    }
}
