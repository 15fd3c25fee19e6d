/// One level of the navigation stack: its route, selection (by row key, so rows can move between
/// polls), scroll position, filter and sort.
package struct Screen: Sendable, Equatable {
    package var route: Route
    package var selectedKey: String?
    package var selectedIndex = 0
    package var top = 0
    package var order = TableOrder()

    package init(route: Route) { self.route = route }

    /// The selected row of `table`: the row with the remembered key, else the nearest selectable.
    package func selection(in table: Table) -> Int? {
        let selectable = table.selectable
        guard !selectable.isEmpty else { return nil }
        if let key = selectedKey, let index = table.rows.firstIndex(where: { $0.key == key && $0.selectable }) {
            return index
        }
        return selectable.first { $0 >= selectedIndex } ?? selectable.last
    }
}

/// What a key asks of the rest of the program.
package enum Effect: Sendable, Equatable {
    case pollNow
    case setPaused(Bool)
    case quit
}
