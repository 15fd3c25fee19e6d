/// The characters views draw with: UTF-8 (box drawing, block elements) or plain ASCII
/// (`--ascii`, a non-UTF-8 locale).
public struct Glyphs: Sendable, Equatable {
    public var name: String
    public var ok, slow, degraded, down, unknown, pending: String
    public var treeBranch, treeLast, treePipe, treeBlank: String
    /// Sparkline levels, lowest first; `noSample` for a failed poll.
    public var spark: [String]
    public var noSample: String
    public var barFull, barEmpty: String
    public var crumbSeparator, ellipsis, rule, sortDown, sortUp, arrow, dot: String

    public static let utf8 = Glyphs(
        name: "utf8", ok: "●", slow: "◔", degraded: "▲", down: "✖", unknown: "?", pending: "◌",
        treeBranch: "├─ ", treeLast: "└─ ", treePipe: "│  ", treeBlank: "   ",
        spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], noSample: "·",
        barFull: "█", barEmpty: "░", crumbSeparator: " ▸ ", ellipsis: "…", rule: "─", sortDown: "▼", sortUp: "▲",
        arrow: "↳", dot: "·")

    public static let ascii = Glyphs(
        name: "ascii", ok: "+", slow: "~", degraded: "!", down: "X", unknown: "?", pending: ".",
        treeBranch: "|- ", treeLast: "`- ", treePipe: "|  ", treeBlank: "   ",
        spark: ["_", ".", "-", "=", "#"], noSample: " ",
        barFull: "#", barEmpty: ".", crumbSeparator: " > ", ellipsis: "~", rule: "-", sortDown: "v", sortUp: "^",
        arrow: "->", dot: "-")
}
