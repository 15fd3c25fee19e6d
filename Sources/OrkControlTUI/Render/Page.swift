/// A view model: what one screen shows, independent of size. `PageRenderer` lays it out.
public struct Page: Sendable, Equatable {
    public var crumbs: [String]
    /// Lines above the content (summaries, notices).
    public var summary: [Line]
    public var content: Content
    /// Right side of the status line (e.g. `rows 1-20 of 1000`), when the view has one.
    public var status: Line?

    public init(crumbs: [String], summary: [Line] = [], content: Content, status: Line? = nil) {
        self.crumbs = crumbs
        self.summary = summary
        self.content = content
        self.status = status
    }

    /// A table with a selection, or a scrolling document.
    public enum Content: Sendable, Equatable {
        case table(Table)
        case document([Line])
    }
}

/// A table: columns with priorities (narrow terminals drop the lowest first) and rows.
public struct Table: Sendable, Equatable {
    public var columns: [Column]
    public var rows: [Row]
    public var emptyText: String
    /// The column rows are sorted by, marked in the header.
    public var sortColumn: Int?
    public var sortDescending: Bool

    public init(columns: [Column], rows: [Row], emptyText: String, sortColumn: Int? = nil, sortDescending: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
        self.sortColumn = sortColumn
        self.sortDescending = sortDescending
    }

    /// Indexes of the rows Enter can open.
    public var selectable: [Int] { rows.indices.filter { rows[$0].selectable } }
}

/// A table column: a title, a minimum width, whether it takes spare width, and its priority
/// (higher stays longer).
public struct Column: Sendable, Equatable {
    public var title: String
    public var width: Int
    public var flexible: Bool
    public var priority: Int
    public var alignRight: Bool

    public init(_ title: String, width: Int, flexible: Bool = false, priority: Int = 50, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.flexible = flexible
        self.priority = priority
        self.alignRight = alignRight
    }
}

/// A table row. `spanFrom` merges the cells from that column on into one (gateway and reason
/// sub-rows); `dim` marks last-known data of an endpoint that is down.
public struct Row: Sendable, Equatable {
    public var key: String
    public var cells: [Line]
    public var spanFrom: Int?
    public var selectable: Bool
    public var dim: Bool

    public init(key: String, cells: [Line], spanFrom: Int? = nil, selectable: Bool = true, dim: Bool = false) {
        self.key = key
        self.cells = cells
        self.spanFrom = spanFrom
        self.selectable = selectable
        self.dim = dim
    }
}
