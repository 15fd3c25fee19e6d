import OrkAPI
/// The CRs of one CRD: readiness, namespace, name, phase, reason, generations and age; filter,
/// sort and paging over every page the poller followed.
package enum ResourcesView {
    package static let columns = [
        Column("READY", width: 11, priority: 100),
        Column("NAMESPACE", width: 12, priority: 60),
        Column("NAME", width: 16, flexible: true, priority: 100),
        Column("PHASE", width: 10, priority: 70),
        Column("REASON", width: 16, flexible: true, priority: 40),
        Column("GEN", width: 5, priority: 30, alignRight: true),
        Column("AGE", width: 4, priority: 80, alignRight: true),
    ]

    package static func page(runtime url: String, crd name: String, _ context: ViewContext, order: TableOrder,
                            selected: Int?, pageSize: Int) -> Page {
        let crumbs = ["Control Center", context.runtimeLabel(url), name, "resources"]
        let loaded = context.state.crLists[FocusRequest.crList(runtime: url, crd: name).key]
        let summary = LoadNotice.lines(loaded, what: "CR list", context)
        guard let list = loaded?.value else {
            return Page(crumbs: crumbs, summary: summary, content: .document([]))
        }
        let groups = list.items.map { group($0, context) }
        let (rows, shown) = order.apply(groups, defaultColumn: nil, defaultDescending: false)
        let table = Table(columns: columns, rows: rows,
                          emptyText: list.items.isEmpty ? "no \(name) CRs in the runtime's cache" : "no CR matches the filter",
                          sortColumn: order.shownColumn(default: nil), sortDescending: order.shownDescending(default: false))
        var status: Line = []
        if !order.filter.isEmpty { status.append(Span("\(shown)/\(list.items.count) match" + "  ", .dim)) }
        if !rows.isEmpty {
            let index = max(0, min(rows.count - 1, selected ?? 0))
            let size = max(1, pageSize)
            let pageNumber = index / size
            status.append(Span("page \(pageNumber + 1)/\((rows.count + size - 1) / size)" + "  row \(index + 1)/\(rows.count)", .dim))
        }
        if list.truncated { status.append(Span("  first \(list.items.count) of \(list.total)", .warn)) }
        return Page(crumbs: crumbs, summary: summary, content: .table(table), status: status.isEmpty ? nil : status)
    }

    static func group(_ item: ResourceItem, _ context: ViewContext) -> RowGroup {
        let badge = Badge.ready(item.ready)
        let generation: String
        if let observed = item.observedGeneration, let current = item.generation, observed != current {
            generation = "\(observed)/\(current)"
        } else {
            generation = item.generation.map(String.init) ?? "-"
        }
        let cells: [Line] = [
            [badge.span(context.glyphs)],
            [Span(item.namespace ?? "-", .dim)],
            [Span(item.name)],
            [Span(item.phase ?? "-")],
            [Span(item.readyReason ?? "", item.ready ? .dim : .warn)],
            [Span(generation, generation.contains("/") ? .warn : .normal)],
            [Span(Format.age(seconds: item.age.map(Double.init)))],
        ]
        let keys: [SortKey] = [
            .number(item.ready ? 0 : 1), .text(item.namespace ?? ""), .text(item.name), .text(item.phase ?? ""),
            .text(item.readyReason ?? ""), .number(Double(item.generation ?? 0)), .number(Double(item.age ?? 0)),
        ]
        let search = [item.namespace ?? "", item.name, item.phase ?? "", item.readyReason ?? ""].joined(separator: " ")
        return RowGroup(main: Row(key: Route.crKey(namespace: item.namespace, name: item.name), cells: cells),
                        sortKeys: keys, searchText: search)
    }
}
