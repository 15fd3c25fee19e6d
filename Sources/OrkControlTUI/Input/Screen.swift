/// One level of the navigation stack: its route, selection (by row key, so rows can move between
/// polls), scroll position, filter and sort.
public struct Screen: Sendable, Equatable {
    public var route: Route
    public var selectedKey: String?
    public var selectedIndex = 0
    public var top = 0
    public var order = TableOrder()

    public init(route: Route) { self.route = route }

    /// The selected row of `table`: the row with the remembered key, else the nearest selectable.
    public func selection(in table: Table) -> Int? {
        let selectable = table.selectable
        guard !selectable.isEmpty else { return nil }
        if let key = selectedKey, let index = table.rows.firstIndex(where: { $0.key == key && $0.selectable }) {
            return index
        }
        return selectable.first { $0 >= selectedIndex } ?? selectable.last
    }
}

/// What a key asks of the rest of the program.
public enum Effect: Sendable, Equatable {
    case pollNow
    case setPaused(Bool)
    case quit
}
