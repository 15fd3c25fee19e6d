/// The one key table: it maps keys to actions and renders the `?` help and the hint line.
package enum KeyTable {
    /// Help sections.
    package enum Group: String, Sendable, CaseIterable {
        case navigation = "Navigation"
        case view = "View"
        case general = "General"
    }

    /// Keys, their label in help and hints, the action and what it does.
    package struct Binding: Sendable {
        package var keys: [Key]
        package var action: Action
        package var help: String
        package var group: Group
        /// Shown in the hint line, with this short text.
        package var hint: String?
    }

    package static let bindings: [Binding] = [
        Binding(keys: [.up, .character("k")], action: .up, help: "previous row / scroll up", group: .navigation, hint: nil),
        Binding(keys: [.down, .character("j")], action: .down, help: "next row / scroll down", group: .navigation, hint: nil),
        Binding(keys: [.pageUp, .character("b")], action: .pageUp, help: "previous page", group: .navigation, hint: nil),
        Binding(keys: [.pageDown, .character(" ")], action: .pageDown, help: "next page", group: .navigation, hint: nil),
        Binding(keys: [.home, .character("g")], action: .top, help: "first row", group: .navigation, hint: nil),
        Binding(keys: [.end, .character("G")], action: .bottom, help: "last row", group: .navigation, hint: nil),
        Binding(keys: [.enter, .right, .character("l")], action: .open, help: "open the selected row (drill down)",
                group: .navigation, hint: "open"),
        Binding(keys: [.escape, .left, .backspace, .character("h")], action: .back,
                help: "clear the filter, else go back one level", group: .navigation, hint: "back"),
        Binding(keys: [.character("/")], action: .filter, help: "filter rows (substring; !text inverts); Enter keeps, Esc clears",
                group: .view, hint: "filter"),
        Binding(keys: [.character("s")], action: .sort, help: "sort by the next column", group: .view, hint: "sort"),
        Binding(keys: [.character("S")], action: .reverseSort, help: "reverse the sort order", group: .view, hint: nil),
        Binding(keys: [.character("e")], action: .errors, help: "errors: timestamped endpoint failures", group: .view, hint: "errors"),
        Binding(keys: [.character("r")], action: .pollNow, help: "poll every endpoint now", group: .general, hint: "poll"),
        Binding(keys: [.character("p")], action: .pause, help: "pause / resume polling", group: .general, hint: nil),
        Binding(keys: [.character("?")], action: .help, help: "this help", group: .general, hint: "help"),
        Binding(keys: [.character("q")], action: .quit, help: "quit (the terminal is restored)", group: .general, hint: "quit"),
    ]

    /// `↑ k` (ASCII `Up k`): every key of a binding, for the help.
    package static func label(_ binding: Binding, glyphs: Glyphs) -> String {
        binding.keys.map { label($0, glyphs: glyphs) }.joined(separator: " ") + (binding.action == .quit ? " Ctrl-C" : "")
    }

    package static func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// `Enter open  Esc back  / filter …` for the bottom line.
    package static func hints(glyphs: Glyphs) -> Line {
        var line: Line = []
        for binding in bindings {
            guard let hint = binding.hint, let key = binding.keys.first else { continue }
            if !line.isEmpty { line.append(Span("  ")) }
            line.append(Span(label(key, glyphs: glyphs), .key))
            line.append(Span(" " + hint, .dim))
        }
        return line
    }

    static func label(_ key: Key, glyphs: Glyphs) -> String {
        switch key {
        case .enter: "Enter"
        case .escape: "Esc"
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .up: glyphs.name == "ascii" ? "Up" : "↑"
        case .down: glyphs.name == "ascii" ? "Down" : "↓"
        case .left: glyphs.name == "ascii" ? "Left" : "←"
        case .right: glyphs.name == "ascii" ? "Right" : "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .backspace: "Bksp"
        case .resize: "resize"
        }
    }
}
