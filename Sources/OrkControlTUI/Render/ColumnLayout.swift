/// Fits table columns into a width: drops the lowest-priority columns (rightmost first on ties)
/// until the rest fit, then gives the spare width to the flexible ones.
package enum ColumnLayout {
    /// A placed column: its index in the table, x position and width.
    package struct Placed: Sendable, Equatable {
        package var index: Int
        package var x: Int
        package var width: Int
    }

    package static let gap = 1

    package static func place(_ columns: [Column], width available: Int) -> [Placed] {
        var active = Array(columns.indices)
        func used(_ indexes: [Int]) -> Int {
            indexes.reduce(0) { $0 + columns[$1].width } + gap * max(0, indexes.count - 1)
        }
        while active.count > 1, used(active) > available {
            var drop = active[0]
            for index in active where columns[index].priority <= columns[drop].priority { drop = index }
            active.removeAll { $0 == drop }
        }
        var widths = active.map { columns[$0].width }
        let flexible = active.indices.filter { columns[active[$0]].flexible }
        var spare = max(0, available - used(active))
        if !flexible.isEmpty {
            let share = spare / flexible.count
            for position in flexible {
                widths[position] += share
                spare -= share
            }
            if let last = flexible.last { widths[last] += spare }
        }
        var placed: [Placed] = []
        var x = 0
        for (position, index) in active.enumerated() {
            let width = min(widths[position], max(0, available - x))
            placed.append(Placed(index: index, x: x, width: width))
            x += width + gap
        }
        return placed
    }
}
