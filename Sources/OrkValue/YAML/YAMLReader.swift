/// A YAML syntax error with its position.
public struct YAMLSyntaxError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String
    public var description: String { "\(position): \(message)" }
}

/// Parses YAML text into positioned `YAMLNode` trees (one per document).
///
/// The parser is Orkestra's own (`Parser/`): a memory-safe port of libyaml's scanner and parser, so
/// documents, positions and errors are those the Yams-based reader gave, without Foundation. Scalars
/// stay text (their style says whether they were quoted); tags are checked and dropped.
///
/// Aliases are expanded with a bound on the total number of nodes so a hostile document
/// ("billion laughs") is an error, not an out-of-memory kill. Merge keys (`<<`) are applied.
/// Nesting deeper than ``maxDepth`` is an error; nothing recurses, so no input can exhaust the stack.
public enum YAMLReader {
    /// The most nodes one file may expand to.
    public static let maxNodes = 2_000_000
    /// The deepest a node may be (the root is at depth 0).
    public static let maxDepth = 200

    /// Parses every document of a YAML stream.
    public static func documents(_ text: String, file: String) throws(YAMLSyntaxError) -> [YAMLNode] {
        var composer = try YAMLComposer(text: text, file: file)
        return try composer.documents()
    }
}
