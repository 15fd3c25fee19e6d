/// The top view: one row per runtime (Katalog, cluster, leader/standby, CRDs, workers, resources,
/// queue, error %, poll age, history), under each its reason when not OK, its shard member id, role
/// and share with sharding, and its gateway with the replicas; then gateways given with `--gateway` that no runtime advertises.
package enum ControlCenterView {
    package static let columns = [
        Column("STATE", width: 6, priority: 100),
        Column("RUNTIME", width: 14, flexible: true, priority: 100),
        Column("ENDPOINT", width: 15, flexible: true, priority: 48),
        Column("CLUSTER", width: 10, priority: 30),
        Column("ROLE", width: 7, priority: 60),
        Column("CRDS", width: 5, priority: 80, alignRight: true),
        Column("WORK", width: 4, priority: 50, alignRight: true),
        Column("RES", width: 5, priority: 55, alignRight: true),
        Column("QUEUE", width: 5, priority: 45, alignRight: true),
        Column("ERR%", width: 5, priority: 65, alignRight: true),
        Column("POLL", width: 4, priority: 70, alignRight: true),
        Column("HISTORY", width: EndpointHealth.historyLength, priority: 20),
    ]

    package static func page(_ context: ViewContext, order: TableOrder) -> Page {
        var groups = context.state.runtimes.map { runtimeGroup($0, context) }
        groups += unattachedGroups(context)
        let (rows, shown) = order.apply(groups, defaultColumn: 0, defaultDescending: true)
        let table = Table(columns: columns, rows: rows, emptyText: "no runtime matches the filter",
                          sortColumn: order.shownColumn(default: 0), sortDescending: order.shownDescending(default: true))
        let status: Line? = order.filter.isEmpty ? nil : [Span("\(shown)/\(groups.count) shown", .dim)]
        return Page(crumbs: ["Control Center"], summary: ClusterLines.lines(context), content: .table(table), status: status)
    }

    static func runtimeGroup(_ runtime: RuntimeEndpoint, _ context: ViewContext) -> RowGroup {
        let glyphs = context.glyphs
        let health = runtime.health
        let katalog = runtime.katalog
        let crds = katalog?.crds ?? []
        let healthy = crds.filter { $0.state == "healthy" || $0.state == "pending" }.count
        let workers = crds.saturatingSum(\.workers)
        let busy = crds.saturatingSum(\.workersBusy)
        let resources = crds.saturatingSum(\.resourceCount)
        let queue = crds.saturatingSum(\.queueDepth)
        let reconciles = crds.saturatingSum(\.totalReconciles)
        let failed = crds.reduce(0.0) { $0 + $1.errorRate / 100 * Double($1.totalReconciles) }
        // NaN or infinite when the runtime reports absurd rates: shown as `-`, sorted as 0.
        let errorRate = reconciles > 0 ? failed / Double(reconciles) * 100 : 0
        let role = katalog.map { ReplicaRole($0).rawValue } ?? "-"
        var cells: [Line] = [
            [Badge.health(health.state).span(glyphs)],
            [Span(runtime.displayName, .normal)],
            [Span(Format.hostPort(runtime.url), .dim)],
            [Span(runtime.context ?? katalog.map { $0.clusterName ?? $0.cluster } ?? "-")],
            [Span(role, role == ReplicaRole.standby.rawValue ? .info : .normal)],
            [Span(katalog == nil ? "-" : "\(healthy)/\(crds.count)", healthy < crds.count ? .warn : .normal)],
            [Span(katalog == nil ? "-" : "\(busy)/\(workers)")],
            [Span(katalog == nil ? "-" : "\(resources)")],
            [Span(katalog == nil ? "-" : "\(queue)")],
            [Span(katalog == nil ? "-" : Format.percent(errorRate), errorRate > 0 ? .warn : .normal)],
            [Span(Format.age(since: health.lastSuccess, now: context.now), health.state == .down ? .bad : .normal)],
            [Span(Format.sparkline(health.history, width: EndpointHealth.historyLength, glyphs: glyphs), .info)],
        ]
        if katalog == nil { cells[3] = [Span(health.state == .down ? "no answer yet" : "polling", .dim)] }
        let main = Row(key: runtime.url, cells: katalog == nil ? Array(cells.prefix(4)) : cells,
                       spanFrom: katalog == nil ? 3 : nil, dim: health.state == .down && katalog != nil)
        var children: [Row] = []
        let blank: [Line] = [[]]
        if health.state == .down {
            children.append(Row(key: runtime.url + "#reason", cells: blank + [[Span("  ")] + context.downLine(health)], spanFrom: 1,
                                selectable: false))
        } else if let reason = health.reason, health.state != .ok {
            children.append(Row(key: runtime.url + "#reason", cells: blank + [[Span("  " + glyphs.arrow + " " + reason, .warn)]],
                                spanFrom: 1, selectable: false))
        }
        if let katalog, ReplicaRole(katalog) == .standby {
            var text = "  " + glyphs.arrow + " standby: leader is " + (katalog.leader.identity ?? "unknown (no Lease holder)")
            if let endpoint = katalog.leader.endpoint { text += " at " + endpoint }
            children.append(Row(key: runtime.url + "#leader", cells: blank + [[Span(text, .info)]], spanFrom: 1,
                                selectable: false))
        }
        if let role = ShardLines.role(runtime, in: context.state, glyphs) {
            children.append(Row(key: runtime.url + "#shard", cells: blank + [[Span("  " + glyphs.arrow + " ", .dim)] + role], spanFrom: 1,
                                selectable: false))
        }
        if let gateway = context.state.gateway(of: runtime.url) {
            children += GatewayRows.rows(gateway, context, indent: "  ",
                                         direct: context.state.gateways(of: runtime.url).filter { $0.url != gateway.url })
        }
        let sortKeys: [SortKey] = [
            .number(Double(health.state.severity)), .text(runtime.displayName), .text(runtime.url),
            .text(runtime.context ?? katalog?.clusterName ?? katalog?.cluster ?? ""), .text(role), .number(Double(crds.count - healthy)),
            .number(Double(busy)), .number(Double(resources)), .number(Double(queue)), .number(errorRate.finite(or: 0)),
            .number(health.lastSuccess.map { -$0.timeIntervalSinceReferenceDate } ?? 0), .number(health.latencyMs ?? 0),
        ]
        let search = [runtime.url, runtime.displayName, runtime.context ?? "", katalog?.clusterName ?? "", katalog?.cluster ?? "", role,
                      health.state.word, health.reason ?? ""].joined(separator: " ")
        return RowGroup(main: main, children: children, sortKeys: sortKeys, searchText: search)
    }

    /// Gateways no runtime shows: each `--gateway` one, and the replicas of each context's gateway
    /// Service as one group (the first that answers, with the others polled directly under it).
    static func unattachedGroups(_ context: ViewContext) -> [RowGroup] {
        let unattached = context.state.unattachedGateways
        var groups: [RowGroup] = []
        var seen: Set<String> = []
        for gateway in unattached {
            guard let placement = gateway.placement else {
                groups.append(gatewayGroup(gateway, context))
                continue
            }
            guard seen.insert(placement.context + "\u{0}" + placement.serviceKey).inserted else { continue }
            let replicas = unattached.filter { $0.placement.map { $0.context == placement.context && $0.serviceKey == placement.serviceKey } ?? false }
            let primary = ControlState.spokesperson(replicas) ?? gateway
            groups.append(gatewayGroup(primary, context, direct: replicas.filter { $0.url != primary.url }))
        }
        return groups
    }

    static func gatewayGroup(_ gateway: GatewayEndpoint, _ context: ViewContext, direct: [GatewayEndpoint] = []) -> RowGroup {
        let rows = GatewayRows.rows(gateway, context, indent: "", direct: direct)
        let main = rows.first ?? Row(key: gateway.url, cells: [], selectable: false)
        return RowGroup(main: main, children: Array(rows.dropFirst()),
                        sortKeys: [.number(Double(gateway.health.state.severity)), .text("gateway " + gateway.url)],
                        searchText: "gateway " + gateway.url + " " + (gateway.fleet?.katalog ?? ""))
    }
}
