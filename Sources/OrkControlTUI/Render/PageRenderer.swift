/// The fixed parts around a page: the title bar, the status line and the key hints.
package struct Chrome: Sendable, Equatable {
    package var title: String
    /// Right side of the title bar (endpoint counts, poll age, PAUSED).
    package var titleRight: Line
    /// Left side of the status line: the filter prompt or a flash message.
    package var status: Line
    package var hints: Line

    package init(title: String, titleRight: Line, status: Line, hints: Line) {
        self.title = title
        self.titleRight = titleRight
        self.status = status
        self.hints = hints
    }
}

/// Where the selection and scroll ended up after a frame: the UI keeps them for the next one.
package struct Viewport: Sendable, Equatable {
    package var top: Int
    package var height: Int
}

/// Lays a page and its chrome out on a surface: title, breadcrumbs, summary, table or document,
/// status line, hints. Pure: the same input draws the same cells.
package struct PageRenderer {
    package static let minimumColumns = 60
    package static let minimumRows = 12

    package var theme: Theme
    package var glyphs: Glyphs

    package init(theme: Theme, glyphs: Glyphs) {
        self.theme = theme
        self.glyphs = glyphs
    }

    /// Draws the page. `selected` is a row index of a table; `top` the first row or line shown.
    @discardableResult
    package func render(_ page: Page, chrome: Chrome, selected: Int?, top: Int, into surface: inout some ScreenSurface) -> Viewport {
        let width = surface.columns
        let height = surface.rows
        guard width >= Self.minimumColumns, height >= Self.minimumRows else {
            renderTooSmall(into: &surface)
            return Viewport(top: top, height: 0)
        }
        // Title bar.
        let titleStyle = theme.style(.title)
        surface.put(String(repeating: " ", count: width), row: 0, column: 0, style: titleStyle, limit: width)
        let right = chrome.titleRight.plainText
        // The counts matter more than the name: a narrow terminal gets the short name.
        let title = TextWidth.width(chrome.title) + TextWidth.width(right) + 4 > width ? "ork control" : chrome.title
        surface.put(" " + title, row: 0, column: 0, style: titleStyle, limit: width)
        let rightX = max(TextWidth.width(title) + 3, width - TextWidth.width(right) - 1)
        draw(chrome.titleRight, row: 0, x: rightX, limit: width - rightX, into: &surface, base: titleStyle)
        // Breadcrumbs.
        var crumbs: Line = []
        for (index, crumb) in page.crumbs.enumerated() {
            if index > 0 { crumbs.append(Span(glyphs.crumbSeparator, .dim)) }
            crumbs.append(Span(crumb, index == page.crumbs.count - 1 ? .accent : .crumb))
        }
        draw([Span(" ")] + crumbs, row: 1, x: 0, limit: width, into: &surface)
        var row = 2
        for line in page.summary where row < height - 3 {
            draw([Span(" ")] + line, row: row, x: 0, limit: width, into: &surface)
            row += 1
        }
        let bodyTop = row + (page.summary.isEmpty ? 0 : 1)
        let bodyHeight = max(1, height - 2 - bodyTop)
        let viewport: Viewport
        switch page.content {
        case .table(let table):
            viewport = renderTable(table, selected: selected, top: top, y: bodyTop, height: bodyHeight, into: &surface)
        case .document(let lines):
            let maxTop = max(0, lines.count - bodyHeight)
            let first = min(max(0, top), maxTop)
            for (offset, line) in lines.dropFirst(first).prefix(bodyHeight).enumerated() {
                draw([Span(" ")] + line, row: bodyTop + offset, x: 0, limit: width, into: &surface)
            }
            viewport = Viewport(top: first, height: bodyHeight)
        }
        // Status line and hints.
        draw([Span(" ")] + chrome.status, row: height - 2, x: 0, limit: width, into: &surface)
        if let status = page.status {
            let statusWidth = TextWidth.width(status.plainText)
            let x = max(TextWidth.width(chrome.status.plainText) + 3, width - statusWidth - 1)
            draw(status, row: height - 2, x: x, limit: width - x, into: &surface)
        }
        draw([Span(" ")] + chrome.hints, row: height - 1, x: 0, limit: width, into: &surface)
        return viewport
    }

    func renderTable(_ table: Table, selected: Int?, top: Int, y: Int, height: Int,
                     into surface: inout some ScreenSurface) -> Viewport {
        let width = surface.columns - 2
        let placed = ColumnLayout.place(table.columns, width: width, wanted: table.contentWidths(upTo: width))
        for column in placed {
            guard table.columns.indices.contains(column.index) else { continue }
            var title = table.columns[column.index].title
            if table.sortColumn == column.index { title += table.sortDescending ? glyphs.sortDown : glyphs.sortUp }
            let text = TextWidth.fit(title, to: column.width, right: table.columns[column.index].alignRight,
                                     ellipsis: glyphs.ellipsis)
            surface.put(text, row: y, column: 1 + column.x, style: theme.style(.header), limit: column.width)
        }
        let rowsHeight = max(1, height - 1)
        guard !table.rows.isEmpty else {
            draw([Span(table.emptyText, .dim)], row: y + 1, x: 1, limit: width, into: &surface)
            return Viewport(top: 0, height: rowsHeight)
        }
        var first = max(0, min(top, table.rows.count - rowsHeight))
        if let selected {
            if selected < first { first = selected }
            if selected >= first + rowsHeight { first = selected - rowsHeight + 1 }
        }
        for (offset, index) in (first..<min(table.rows.count, first + rowsHeight)).enumerated() {
            let row = table.rows[index]
            let screenRow = y + 1 + offset
            for column in placed {
                if let span = row.spanFrom, column.index >= span {
                    if column.index == placed.first(where: { $0.index >= span })?.index, row.cells.indices.contains(span) {
                        draw(row.cells[span], row: screenRow, x: 1 + column.x, limit: width - column.x, into: &surface)
                    }
                    continue
                }
                guard row.cells.indices.contains(column.index) else { continue }
                let cell = row.cells[column.index]
                let text = cell.plainText
                if table.columns[column.index].alignRight {
                    let pad = max(0, column.width - TextWidth.width(text))
                    draw(cell, row: screenRow, x: 1 + column.x + pad, limit: column.width - pad, into: &surface)
                } else {
                    draw(cell, row: screenRow, x: 1 + column.x, limit: column.width, into: &surface)
                }
            }
            if row.dim { surface.overlay(row: screenRow, from: 1, to: width + 1, reverse: false, dim: true) }
            if index == selected { surface.overlay(row: screenRow, from: 0, to: width + 2, reverse: true, dim: false) }
        }
        return Viewport(top: first, height: rowsHeight)
    }

    /// Draws spans left to right from `x`, cutting the last one with an ellipsis at `limit`.
    func draw(_ line: Line, row: Int, x: Int, limit: Int, into surface: inout some ScreenSurface, base: CellStyle? = nil) {
        var position = x
        let end = x + max(0, limit)
        let total = TextWidth.width(line.plainText)
        for span in line {
            guard position < end else { break }
            var style = theme.style(span.role)
            if let base, span.role == .normal { style = base }
            let room = end - position
            // `put` sanitizes; widths already count what it removes as 0 and what it replaces as 1.
            let shown = total > limit ? TextWidth.truncate(span.text, to: room, ellipsis: glyphs.ellipsis) : span.text
            position += surface.put(shown, row: row, column: position, style: style, limit: room)
        }
    }

    func renderTooSmall(into surface: inout some ScreenSurface) {
        let lines = [
            "Terminal too small",
            "need at least \(Self.minimumColumns)x\(Self.minimumRows), have \(surface.columns)x\(surface.rows)",
            "enlarge the window, or press q to quit",
        ]
        let startRow = max(0, surface.rows / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let text = TextWidth.truncate(line, to: surface.columns, ellipsis: glyphs.ellipsis)
            let x = max(0, (surface.columns - TextWidth.width(text)) / 2)
            surface.put(text, row: startRow + offset, column: x, style: theme.style(offset == 0 ? .bad : .normal),
                        limit: surface.columns)
        }
    }
}
