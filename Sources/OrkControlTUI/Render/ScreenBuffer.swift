/// Where views draw: a grid of cells. Views and layout only know this protocol; the curses
/// backend and the golden tests read a `CellBuffer`.
package protocol ScreenSurface {
    var columns: Int { get }
    var rows: Int { get }
    /// Writes `text` at `row`/`column`, clipped to `limit` columns and the right edge; returns
    /// the columns written. Implementations sanitize it (`TextWidth.sanitize`): every string that
    /// reaches the screen passes here, so no view has to.
    @discardableResult
    mutating func put(_ text: String, row: Int, column: Int, style: CellStyle, limit: Int) -> Int
    /// Adds `style`'s attributes to the cells of a row range (selection, stale rows).
    mutating func overlay(row: Int, from: Int, to: Int, reverse: Bool, dim: Bool)
}

/// One cell: a grapheme (empty for the right half of a wide character) and its style.
package struct Cell: Sendable, Equatable {
    package var text: String
    package var style: CellStyle

    package static let blank = Cell(text: " ", style: .plain)
}

/// The in-memory screen: what a frame looks like, diffed against the previous one by the backend.
package struct CellBuffer: ScreenSurface, Sendable, Equatable {
    package let columns: Int
    package let rows: Int
    package private(set) var cells: [Cell]

    package init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        cells = Array(repeating: .blank, count: self.columns * self.rows)
    }

    package func cell(row: Int, column: Int) -> Cell {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .blank }
        return cells[row * columns + column]
    }

    @discardableResult
    package mutating func put(_ text: String, row: Int, column: Int, style: CellStyle, limit: Int = .max) -> Int {
        guard row >= 0, row < rows, column >= 0, column < columns else { return 0 }
        let end = min(columns, column.saturatingAdd(max(0, limit)))
        var position = column
        for character in TextWidth.sanitize(text) {
            let width = TextWidth.width(character)
            if width == 0 { continue }
            if position + width > end { break }
            cells[row * columns + position] = Cell(text: String(character), style: style)
            if width == 2 { cells[row * columns + position + 1] = Cell(text: "", style: style) }
            position += width
        }
        return position - column
    }

    package mutating func overlay(row: Int, from: Int, to: Int, reverse: Bool, dim: Bool) {
        guard row >= 0, row < rows else { return }
        for column in max(0, from)..<max(max(0, from), min(columns, to)) {
            if reverse { cells[row * columns + column].style.reverse = true }
            if dim { cells[row * columns + column].style.dim = true }
        }
    }

    /// The text of a row, trailing spaces kept.
    package func text(row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        return cells[(row * columns)..<(row * columns + columns)].map(\.text).joined()
    }
}
