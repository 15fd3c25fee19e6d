/// A view model: what one screen shows, independent of size. `PageRenderer` lays it out.
package struct Page: Sendable, Equatable {
    package var crumbs: [String]
    /// Lines above the content (summaries, notices).
    package var summary: [Line]
    package var content: Content
    /// Right side of the status line (e.g. `rows 1-20 of 1000`), when the view has one.
    package var status: Line?

    package init(crumbs: [String], summary: [Line] = [], content: Content, status: Line? = nil) {
        self.crumbs = crumbs
        self.summary = summary
        self.content = content
        self.status = status
    }

    /// A table with a selection, or a scrolling document.
    package enum Content: Sendable, Equatable {
        case table(Table)
        case document([Line])
    }
}

/// A table: columns with priorities (narrow terminals drop the lowest first) and rows.
package struct Table: Sendable, Equatable {
    package var columns: [Column]
    package var rows: [Row]
    package var emptyText: String
    /// The column rows are sorted by, marked in the header.
    package var sortColumn: Int?
    package var sortDescending: Bool

    package init(columns: [Column], rows: [Row], emptyText: String, sortColumn: Int? = nil, sortDescending: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
        self.sortColumn = sortColumn
        self.sortDescending = sortDescending
    }

    /// Indexes of the rows Enter can open.
    package var selectable: [Int] { rows.indices.filter { rows[$0].selectable } }

    /// The widest cell of each flexible column (0 for the others), up to `limit` (the screen width),
    /// not counting cells merged into a row's spanning tail: what the layout gives spare width to first.
    package func contentWidths(upTo limit: Int) -> [Int] {
        columns.indices.map { index in
            guard columns[index].flexible else { return 0 }
            var widest = 0
            for row in rows where widest < limit {
                guard row.cells.indices.contains(index), row.spanFrom.map({ index < $0 }) ?? true else { continue }
                widest = max(widest, row.cells[index].width(upTo: limit))
            }
            return widest
        }
    }
}

/// A table column: a title, a minimum width, whether it takes spare width, and its priority
/// (higher stays longer).
package struct Column: Sendable, Equatable {
    package var title: String
    package var width: Int
    package var flexible: Bool
    package var priority: Int
    package var alignRight: Bool

    package init(_ title: String, width: Int, flexible: Bool = false, priority: Int = 50, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.flexible = flexible
        self.priority = priority
        self.alignRight = alignRight
    }
}

/// A table row. `spanFrom` merges the cells from that column on into one (gateway and reason
/// sub-rows); `dim` marks last-known data of an endpoint that is down; `source` is the endpoint
/// that answered the row when it is not the view's own (a CR another replica of a sharded runtime
/// listed): Enter opens it there.
package struct Row: Sendable, Equatable {
    package var key: String
    package var cells: [Line]
    package var spanFrom: Int?
    package var selectable: Bool
    package var dim: Bool
    package var source: String?

    package init(key: String, cells: [Line], spanFrom: Int? = nil, selectable: Bool = true, dim: Bool = false,
                 source: String? = nil) {
        self.key = key
        self.cells = cells
        self.spanFrom = spanFrom
        self.selectable = selectable
        self.dim = dim
        self.source = source
    }
}
