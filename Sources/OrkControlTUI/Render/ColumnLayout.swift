/// Fits table columns into a width: drops the lowest-priority columns (rightmost first on ties)
/// until the rest fit, then gives the spare width to the flexible ones: first what their widest
/// content lacks (shared in proportion when there is not enough), then the rest equally.
package enum ColumnLayout {
    /// A placed column: its index in the table, x position and width.
    package struct Placed: Sendable, Equatable {
        package var index: Int
        package var x: Int
        package var width: Int
    }

    package static let gap = 1

    /// `wanted[i]`: the widest content of column i (none given: the spare width is shared equally).
    package static func place(_ columns: [Column], width available: Int, wanted: [Int] = []) -> [Placed] {
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
        let lacking = flexible.map { position in
            // Capped at the screen: no content needs more, and the shares below stay small numbers.
            max(0, min(available, wanted.indices.contains(active[position]) ? wanted[active[position]] : 0) - widths[position])
        }
        let totalLacking = lacking.reduce(0, +)
        if totalLacking > 0, spare > 0 {
            let given = min(spare, totalLacking)
            var left = given
            for (position, lack) in zip(flexible, lacking) {
                // lack ≤ totalLacking and given ≤ totalLacking: the product stays below their square.
                let share = totalLacking == given ? lack : lack * given / totalLacking
                widths[position] += share
                left -= share
            }
            if left > 0, let neediest = zip(flexible, lacking).max(by: { $0.1 < $1.1 })?.0 { widths[neediest] += left }
            spare -= given
        }
        if !flexible.isEmpty, spare > 0 {
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
