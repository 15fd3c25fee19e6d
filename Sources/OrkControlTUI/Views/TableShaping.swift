/// A value a column sorts by. NaN sorts as the lowest number and equals itself, so a computed
/// NaN (absurd counters from an endpoint) never breaks the sort's ordering.
package enum SortKey: Sendable, Comparable {
    case number(Double)
    case text(String)

    static func ordered(_ value: Double) -> Double { value.isNaN ? -.infinity : value }

    package static func == (lhs: SortKey, rhs: SortKey) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): ordered(a) == ordered(b)
        case (.text(let a), .text(let b)): a == b
        default: false
        }
    }

    package static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): ordered(a) < ordered(b)
        case (.text(let a), .text(let b)): naturalLess(a, b)
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

/// Case-insensitive order where digit runs compare by value (`cr-9` < `cr-10`). Plain Swift, so
/// sorting never loads ICU's collation data (megabytes of RSS).
func naturalLess(_ lhs: String, _ rhs: String) -> Bool {
    var a = lhs.lowercased().unicodeScalars.makeIterator()
    var b = rhs.lowercased().unicodeScalars.makeIterator()
    var x = a.next()
    var y = b.next()
    func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { ("0"..."9").contains($0) } ?? false }
    while let left = x, let right = y {
        if isDigit(left) && isDigit(right) {
            var first = "", second = ""
            while let digit = x, isDigit(digit) { first.unicodeScalars.append(digit); x = a.next() }
            while let digit = y, isDigit(digit) { second.unicodeScalars.append(digit); y = b.next() }
            let trimmedFirst = first.drop { $0 == "0" }, trimmedSecond = second.drop { $0 == "0" }
            if trimmedFirst.count != trimmedSecond.count { return trimmedFirst.count < trimmedSecond.count }
            if trimmedFirst != trimmedSecond { return trimmedFirst < trimmedSecond }
            continue
        }
        if left != right { return left.value < right.value }
        x = a.next()
        y = b.next()
    }
    return x == nil && y != nil
}

/// A table row with the rows that belong under it (gateway replicas, reasons): filtered and sorted
/// together.
package struct RowGroup: Sendable {
    package var main: Row
    package var children: [Row]
    package var sortKeys: [SortKey]
    /// Lowercased text the `/` filter searches.
    package var searchText: String

    package init(main: Row, children: [Row] = [], sortKeys: [SortKey], searchText: String) {
        self.main = main
        self.children = children
        self.sortKeys = sortKeys
        self.searchText = searchText.lowercased()
    }
}

/// The filter and sort a table level keeps.
package struct TableOrder: Sendable, Equatable {
    package var filter: String
    package var sortColumn: Int?
    package var sortDescending: Bool

    package init(filter: String = "", sortColumn: Int? = nil, sortDescending: Bool = false) {
        self.filter = filter
        self.sortColumn = sortColumn
        self.sortDescending = sortDescending
    }

    /// Filters (substring, case-insensitive; a leading `!` inverts) and sorts stably.
    package func apply(_ groups: [RowGroup], defaultColumn: Int?, defaultDescending: Bool) -> (rows: [Row], shown: Int) {
        var kept = groups
        let needle = filter.lowercased()
        if needle.hasPrefix("!"), needle.count > 1 {
            let term = String(needle.dropFirst())
            kept = kept.filter { !$0.searchText.contains(term) }
        } else if !needle.isEmpty {
            kept = kept.filter { $0.searchText.contains(needle) }
        }
        let column = sortColumn ?? defaultColumn
        let descending = sortColumn == nil ? defaultDescending : sortDescending
        if let column {
            let indexed = kept.enumerated().map { ($0.offset, $0.element) }
            kept = indexed.sorted { lhs, rhs in
                let a = lhs.1.sortKeys.indices.contains(column) ? lhs.1.sortKeys[column] : .text("")
                let b = rhs.1.sortKeys.indices.contains(column) ? rhs.1.sortKeys[column] : .text("")
                if a == b { return lhs.0 < rhs.0 }
                return descending ? b < a : a < b
            }.map(\.1)
        }
        return (kept.flatMap { [$0.main] + $0.children }, kept.count)
    }

    /// The column shown as sorted in the header.
    package func shownColumn(default column: Int?) -> Int? { sortColumn ?? column }
    package func shownDescending(default descending: Bool) -> Bool { sortColumn == nil ? descending : sortDescending }
}
