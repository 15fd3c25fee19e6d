import OrkAPI
/// One runtime's Katalog: a summary of the runtime, then its CRDs with state, workers, queue
/// bar, error %, resources, last reconcile and the reason when not healthy.
package enum ControlPanelView {
    package static let columns = [
        Column("STATE", width: 13, priority: 100),
        Column("CRD", width: 10, flexible: true, priority: 100),
        Column("KIND", width: 10, priority: 40),
        Column("WORKERS", width: 7, priority: 70, alignRight: true),
        Column("QUEUE", width: 14, priority: 60),
        Column("ERR%", width: 5, priority: 65, alignRight: true),
        Column("RES", width: 5, priority: 75, alignRight: true),
        Column("LAST", width: 4, priority: 50, alignRight: true),
        Column("REASON", width: 16, flexible: true, priority: 30),
    ]

    package static func page(runtime url: String, _ context: ViewContext, order: TableOrder) -> Page {
        let crumbs = ["Control Center", context.runtimeLabel(url)]
        guard let runtime = context.state.runtime(url) else {
            guard KubeProxyURL.parse(url) == nil else {
                return Page(crumbs: crumbs, content: .document([[Span("runtime replica " + Format.endpoint(url)
                    + " is gone (its pod was replaced or deleted): Esc goes back to the Control Center, which shows the current replicas",
                    .bad)]]))
            }
            return Page(crumbs: crumbs, content: .document([[Span("no runtime \(url) is configured", .bad)]]))
        }
        var summary = RuntimeSummary.lines(runtime, context)
        guard let katalog = runtime.katalog else {
            summary.append([Span(runtime.health.state == .down ? "no answer yet" : "waiting for the first answer...", .dim)])
            return Page(crumbs: crumbs, summary: summary, content: .document([]))
        }
        let stale = runtime.health.state == .down
        let groups = katalog.crds.map { group($0, context: context, stale: stale) }
        let (rows, shown) = order.apply(groups, defaultColumn: nil, defaultDescending: false)
        let table = Table(columns: columns, rows: rows, emptyText: katalog.crds.isEmpty ? "the Katalog has no CRDs" : "no CRD matches the filter",
                          sortColumn: order.shownColumn(default: nil), sortDescending: order.shownDescending(default: false))
        let status: Line? = order.filter.isEmpty ? nil : [Span("\(shown)/\(groups.count) shown", .dim)]
        return Page(crumbs: crumbs, summary: summary, content: .table(table), status: status)
    }

    static func group(_ crd: CRDSummary, context: ViewContext, stale: Bool) -> RowGroup {
        let glyphs = context.glyphs
        let state = CRDState(apiValue: crd.state)
        let queue = Format.bar(crd.queueDepth, of: crd.maxDepth, width: 5, glyphs: glyphs) + " \(crd.queueDepth)/\(crd.maxDepth)"
        let cells: [Line] = [
            [Badge.crd(state).span(glyphs)],
            [Span(crd.name)],
            [Span(crd.kind, .dim)],
            [Span("\(crd.workersBusy)/\(crd.workers)")],
            [Span(queue, crd.maxDepth > 0 && Double(crd.queueDepth) >= Double(crd.maxDepth) * 0.8 ? .warn : .info)],
            [Span(Format.percent(crd.errorRate), crd.errorRate > 0 ? .warn : .normal)],
            [Span("\(crd.resourceCount)")],
            [Span(Format.age(ofTimestamp: crd.lastReconcile, now: context.now))],
            [Span(crd.stateReason ?? "", state == .healthy ? .dim : Badge.crd(state).role)],
        ]
        let row = Row(key: crd.name, cells: cells, dim: stale)
        let last = Format.timestamp(crd.lastReconcile)?.timeIntervalSinceReferenceDate ?? 0
        let severity = Double(state == .notStarted ? 4 : state == .degraded ? 3 : state == .pending ? 1 : 0)
        let keys: [SortKey] = [
            .number(severity), .text(crd.name), .text(crd.kind), .number(Double(crd.workersBusy)),
            .number(Double(crd.queueDepth)), .number(crd.errorRate.finite(or: 0)), .number(Double(crd.resourceCount)),
            .number(-last), .text(crd.stateReason ?? ""),
        ]
        return RowGroup(main: row, sortKeys: keys,
                        searchText: [crd.name, crd.kind, crd.group, crd.state, crd.stateReason ?? ""].joined(separator: " "))
    }
}
