import FoundationEssentials

/// `--once --format text`: the Control Center view, then each answering runtime's Control Panel,
/// rendered by the same views and layout as the terminal UI, without styles.
package enum OnceText {
    /// `COLUMNS` beyond this is taken as this.
    package static let maximumColumns = 1000

    package static func render(_ state: ControlState, now: Date, glyphs: Glyphs, columns: Int, refreshSeconds: Double) -> String {
        let context = ViewContext(state: state, now: now, glyphs: glyphs, refreshSeconds: refreshSeconds)
        var pages = [ControlCenterView.page(context, order: TableOrder())]
        for runtime in state.runtimes where runtime.katalog != nil {
            pages.append(ControlPanelView.page(runtime: runtime.url, context, order: TableOrder()))
        }
        let composer = FrameComposer(theme: .mono, glyphs: glyphs, refreshSeconds: refreshSeconds)
        var output = ""
        for page in pages {
            output += text(page, chrome: composer.chrome(ui: ControlUI(), state: state, now: now), glyphs: glyphs,
                           columns: max(PageRenderer.minimumColumns, min(maximumColumns, columns)))
            output += "\n"
        }
        return output
    }

    /// One page at full height (every row), without the status and hint lines.
    static func text(_ page: Page, chrome: Chrome, glyphs: Glyphs, columns: Int) -> String {
        var chrome = chrome
        chrome.status = []
        chrome.hints = []
        let contentRows: Int
        switch page.content {
        case .table(let table): contentRows = max(1, table.rows.count) + 1
        case .document(let lines): contentRows = lines.count
        }
        let rows = max(PageRenderer.minimumRows, 2 + page.summary.count + 1 + contentRows + 2)
        var buffer = CellBuffer(columns: columns, rows: rows)
        PageRenderer(theme: .mono, glyphs: glyphs).render(page, chrome: chrome, selected: nil, top: 0, into: &buffer)
        var lines = (0..<rows).map { row -> String in
            var line = buffer.text(row: row)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
