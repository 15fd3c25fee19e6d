import OrkAPI
/// The rows of one gateway in the Control Center: the fleet view's totals, then one row per
/// replica with its own totals or why it is unreachable. `direct` are the other replicas polled on
/// their own (a context's pods, through their pod proxy): a replica the fleet view cannot reach
/// shows what it answered directly, and one the fleet view does not list gets a row of its own.
enum GatewayRows {
    static func rows(_ gateway: GatewayEndpoint, _ context: ViewContext, indent: String, direct: [GatewayEndpoint] = []) -> [Row] {
        let glyphs = context.glyphs
        var line: Line = [Span(indent + "gateway ", .accent), Span(Format.hostPort(gateway.url))]
        if let fleet = gateway.fleet {
            line.append(Span(" " + glyphs.dot + " " + fleet.katalog + " " + glyphs.dot + " \(fleet.replicas.count) replicas " + glyphs.dot + " ", .dim))
            line += totals(fleet.totals, glyphs)
        }
        if gateway.health.state == .down {
            line.append(Span(" " + glyphs.dot + " " + (gateway.health.detail ?? gateway.health.reason ?? "down"), .bad))
        }
        var rows = [Row(key: gateway.url, cells: [[Badge.health(gateway.health.state).span(glyphs)], line], spanFrom: 1,
                        selectable: false, dim: gateway.health.state == .down && gateway.fleet != nil)]
        let listed = Set((gateway.fleet?.replicas ?? []).compactMap(\.pod.name))
        let unlisted = direct.filter { $0.pod.map { !listed.contains($0) } ?? true }
        let replicas = gateway.fleet?.replicas ?? []
        let count = replicas.count + unlisted.count
        for (index, replica) in replicas.enumerated() {
            let branch = index == count - 1 ? glyphs.treeLast : glyphs.treeBranch
            let name = replica.pod.name ?? replica.pod.ip ?? Format.hostPort(replica.url)
            var text: Line = [Span(indent + "  " + branch + name + " ", .normal), Span(Format.hostPort(replica.url) + " ", .dim)]
            var state: HealthState = replica.reachable ? .ok : .down
            if replica.reachable {
                text += totals(replica.totals, glyphs)
            } else if let own = direct.first(where: { $0.pod != nil && $0.pod == replica.pod.name }), own.health.state != .down,
                      let answer = own.fleet {
                state = own.health.state
                text += totals(ownTotals(answer, pod: replica.pod.name), glyphs)
                text.append(Span(" (direct: the fleet view says " + (replica.error ?? "unreachable") + ")", .warn))
            } else {
                text.append(Span(replica.error ?? "unreachable", .bad))
            }
            rows.append(Row(key: gateway.url + "#" + replica.url, cells: [[Badge.health(state).span(glyphs)], text],
                            spanFrom: 1, selectable: false, dim: gateway.health.state == .down))
        }
        for (offset, own) in unlisted.enumerated() {
            let branch = replicas.count + offset == count - 1 ? glyphs.treeLast : glyphs.treeBranch
            var text: Line = [Span(indent + "  " + branch + (own.pod ?? Format.hostPort(own.url)) + " ", .normal),
                              Span(Format.hostPort(own.url) + " ", .dim)]
            if let answer = own.fleet, own.health.state != .down {
                text += totals(ownTotals(answer, pod: own.pod), glyphs)
                text.append(Span(" (direct)", .dim))
            } else {
                text += context.downLine(own.health)
            }
            rows.append(Row(key: gateway.url + "#" + own.url, cells: [[Badge.health(own.health.state).span(glyphs)], text],
                            spanFrom: 1, selectable: false, dim: gateway.health.state == .down))
        }
        return rows
    }

    /// A replica's own totals in the fleet view it answered (never the fleet's sum as if its own).
    static func ownTotals(_ fleet: GatewayFleet, pod: String?) -> GatewayStats? {
        guard let pod else { return nil }
        return fleet.replicas.first { $0.pod.name == pod }?.totals
    }

    /// `adm 14 (2 denied) · conv 4 · prot 1 (1 denied)` (the dot from the glyph set).
    static func totals(_ stats: GatewayStats?, _ glyphs: Glyphs) -> Line {
        guard let stats else { return [Span("no totals", .dim)] }
        var line: Line = [Span("adm \(stats.admissionTotal)")]
        if stats.admissionDenied > 0 { line.append(Span(" (\(stats.admissionDenied) denied)", .warn)) }
        line.append(Span(" " + glyphs.dot + " conv \(stats.conversion?.total ?? 0)"))
        if let failed = stats.conversion?.failed, failed > 0 { line.append(Span(" (\(failed) failed)", .bad)) }
        line.append(Span(" " + glyphs.dot + " prot \(stats.protectionTotal)"))
        if stats.protectionDenied > 0 { line.append(Span(" (\(stats.protectionDenied) denied)", .warn)) }
        return line
    }
}
