import OrkAPI
/// The CRs of one CRD: readiness, namespace, name, phase, reason, generations and age; filter,
/// sort and paging over every page the poller followed. For a runtime that shards, the CRs every
/// replica of its ring lists (each its own share), with the replica that listed each.
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
    /// The last column of a merged list: the replica that listed the CR (and answers its detail);
    /// dropped before REASON on narrow screens (a pod name cut short names no replica).
    static let replicaColumn = Column("REPLICA", width: 12, flexible: true, priority: 35)
    /// Replicas that could not be read are named one a line, up to this many.
    static let maximumUnreadLines = 4

    package static func page(runtime url: String, crd name: String, _ context: ViewContext, order: TableOrder,
                            selected: Int?, pageSize: Int) -> Page {
        let crumbs = ["Control Center", context.runtimeLabel(url), name, "resources"]
        let loaded = context.state.crLists[FocusRequest.crList(runtime: url, crd: name).key]
        var summary = LoadNotice.lines(loaded, what: "CR list", context)
        guard let list = loaded?.value else {
            return Page(crumbs: crumbs, summary: summary, content: .document([]))
        }
        let merged = !list.replicas.isEmpty
        if merged { summary += replicaLines(list, context) }
        let groups = list.items.map { group($0, listedBy: merged ? list.listedBy : nil, context) }
        let (rows, shown) = order.apply(groups, defaultColumn: nil, defaultDescending: false)
        let empty = merged ? "no \(name) CRs in the replicas' caches" : "no \(name) CRs in the runtime's cache"
        let table = Table(columns: merged ? columns + [replicaColumn] : columns, rows: rows,
                          emptyText: list.items.isEmpty ? empty : "no CR matches the filter",
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

    /// `the CRs of 3 replicas (sharded: each lists the CRs it owns)`, then one line per replica
    /// that could not be read (at most `maximumUnreadLines`, then how many more).
    static func replicaLines(_ list: ResourceList, _ context: ViewContext) -> [Line] {
        let dot = " " + context.glyphs.dot + " "
        var lines: [Line] = [[Span("the CRs of \(list.replicas.count) replicas (sharded: each lists the CRs it owns)", .dim)]]
        for failed in list.unread.prefix(maximumUnreadLines) {
            lines.append([Span(context.glyphs.down + " CR list of replica " + ShardLines.replicaName(failed.replica, in: context.state)
                               + ": " + failed.failure.detail, .bad),
                          Span(dot + "its CRs are not shown", .dim)])
        }
        if list.unread.count > maximumUnreadLines {
            lines.append([Span(context.glyphs.ellipsis + " \(list.unread.count - maximumUnreadLines) more replicas could not be read"
                               + " (Errors view)", .bad)])
        }
        return lines
    }

    /// `listedBy` (a merged list's): which replica listed each CR, shown in the REPLICA column.
    static func group(_ item: ResourceItem, listedBy: [String: String]?, _ context: ViewContext) -> RowGroup {
        let key = Route.crKey(namespace: item.namespace, name: item.name)
        let replica = listedBy?[key]
        let badge = Badge.ready(item.ready)
        let generation: String
        if let observed = item.observedGeneration, let current = item.generation, observed != current {
            generation = "\(observed)/\(current)"
        } else {
            generation = item.generation.map(String.init) ?? "-"
        }
        var cells: [Line] = [
            [badge.span(context.glyphs)],
            [Span(item.namespace ?? "-", .dim)],
            [Span(item.name)],
            [Span(item.phase ?? "-")],
            [Span(item.readyReason ?? "", item.ready ? .dim : .warn)],
            [Span(generation, generation.contains("/") ? .warn : .normal)],
            [Span(Format.age(seconds: item.age.map(Double.init)))],
        ]
        var keys: [SortKey] = [
            .number(item.ready ? 0 : 1), .text(item.namespace ?? ""), .text(item.name), .text(item.phase ?? ""),
            .text(item.readyReason ?? ""), .number(Double(item.generation ?? 0)), .number(Double(item.age ?? 0)),
        ]
        var search = [item.namespace ?? "", item.name, item.phase ?? "", item.readyReason ?? ""]
        if listedBy != nil {
            let name = replica.map { ShardLines.replicaName($0, in: context.state) } ?? "-"
            cells.append([Span(name, .dim)])
            keys.append(.text(name))
            search.append(name)
        }
        return RowGroup(main: Row(key: key, cells: cells, source: replica), sortKeys: keys, searchText: search.joined(separator: " "))
    }
}
