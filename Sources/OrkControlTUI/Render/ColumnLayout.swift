/// Fits table columns into a width: drops the lowest-priority columns (rightmost first on ties)
/// until the rest fit, then gives the spare width to the flexible ones: first what their widest
/// content lacks (the smallest lack first, none more than an equal share), then the rest equally.
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
            // Capped at the screen: no content needs more, and the sums below stay small numbers.
            max(0, min(available, wanted.indices.contains(active[position]) ? wanted[active[position]] : 0) - widths[position])
        }
        // The smallest lack first, each at most an equal share of what is left: a column that needs a
        // few cells gets them even next to one whose content (a long reason, a hostile value) wants the
        // whole screen.
        var left = flexible.count
        for (position, lack) in zip(flexible, lacking).sorted(by: { $0.1 < $1.1 }) {
            let given = min(lack, spare / max(1, left))
            widths[position] += given
            spare -= given
            left -= 1
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
