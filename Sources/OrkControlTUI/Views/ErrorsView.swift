/// Timestamped endpoint failures, newest first.
package enum ErrorsView {
    package static let columns = [
        Column("TIME", width: 8, priority: 90),
        Column("ENDPOINT", width: 22, flexible: true, priority: 80),
        Column("REASON", width: 9, priority: 100),
        Column("#", width: 3, priority: 40, alignRight: true),
        Column("DETAIL", width: 20, flexible: true, priority: 60),
    ]

    package static func page(_ context: ViewContext, order: TableOrder) -> Page {
        let records = context.state.errors.reversed()
        let groups = records.enumerated().map { index, record in
            RowGroup(main: Row(key: "\(context.state.errors.count - index)", cells: [
                [Span(Format.clock(record.time), .dim)],
                [Span(Format.endpoint(record.url))],
                [Span(record.reason, .bad)],
                [Span("\(record.attempt)", .dim)],
                [Span(record.detail)],
            ]), sortKeys: [.number(-record.time.timeIntervalSinceReferenceDate), .text(record.url), .text(record.reason),
                           .number(Double(record.attempt)), .text(record.detail)],
            searchText: record.url + " " + record.reason + " " + record.detail)
        }
        let (rows, shown) = order.apply(groups, defaultColumn: nil, defaultDescending: false)
        let table = Table(columns: columns, rows: rows, emptyText: "no endpoint failures so far",
                          sortColumn: order.shownColumn(default: nil), sortDescending: order.shownDescending(default: false))
        return Page(crumbs: ["Control Center", "errors"], content: .table(table),
                    status: [Span("\(shown) failures (UTC)", .dim)])
    }
}
