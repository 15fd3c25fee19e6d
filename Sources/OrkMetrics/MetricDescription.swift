/// One of Orkestra's own metric families: the name `/metrics` shows and its `# HELP` text.
/// The runtime and the gateway each keep one table of these; a name not in the table (a library's
/// metric) is exported without help.
public struct MetricDescription: Sendable, Hashable {
    public var name: String
    public var help: String

    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }
}
