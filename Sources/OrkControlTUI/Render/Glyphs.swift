/// The characters views draw with: UTF-8 (box drawing, block elements) or plain ASCII
/// (`--ascii`, a non-UTF-8 locale).
package struct Glyphs: Sendable, Equatable {
    package var name: String
    package var ok, slow, degraded, down, unknown, pending: String
    package var treeBranch, treeLast, treePipe, treeBlank: String
    /// Sparkline levels, lowest first; `noSample` for a failed poll.
    package var spark: [String]
    package var noSample: String
    package var barFull, barEmpty: String
    package var crumbSeparator, ellipsis, rule, sortDown, sortUp, arrow, dot: String

    package static let utf8 = Glyphs(
        name: "utf8", ok: "●", slow: "◔", degraded: "▲", down: "✖", unknown: "?", pending: "◌",
        treeBranch: "├─ ", treeLast: "└─ ", treePipe: "│  ", treeBlank: "   ",
        spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], noSample: "·",
        barFull: "█", barEmpty: "░", crumbSeparator: " ▸ ", ellipsis: "…", rule: "─", sortDown: "▼", sortUp: "▲",
        arrow: "↳", dot: "·")

    package static let ascii = Glyphs(
        name: "ascii", ok: "+", slow: "~", degraded: "!", down: "X", unknown: "?", pending: ".",
        treeBranch: "|- ", treeLast: "`- ", treePipe: "|  ", treeBlank: "   ",
        spark: ["_", ".", "-", "=", "#"], noSample: " ",
        barFull: "#", barEmpty: ".", crumbSeparator: " > ", ellipsis: "~", rule: "-", sortDown: "v", sortUp: "^",
        arrow: "->", dot: "-")
}
