import OrkAPI
/// The rows of one gateway in the Control Center: the fleet view's totals, then one row per
/// replica with its own totals or why it is unreachable.
enum GatewayRows {
    static func rows(_ gateway: GatewayEndpoint, _ context: ViewContext, indent: String) -> [Row] {
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
        guard let fleet = gateway.fleet else { return rows }
        for (index, replica) in fleet.replicas.enumerated() {
            let branch = index == fleet.replicas.count - 1 ? glyphs.treeLast : glyphs.treeBranch
            let name = replica.pod.name ?? replica.pod.ip ?? Format.hostPort(replica.url)
            var text: Line = [Span(indent + "  " + branch + name + " ", .normal), Span(Format.hostPort(replica.url) + " ", .dim)]
            if replica.reachable {
                text += totals(replica.totals, glyphs)
            } else {
                text.append(Span(replica.error ?? "unreachable", .bad))
            }
            let state: HealthState = replica.reachable ? .ok : .down
            rows.append(Row(key: gateway.url + "#" + replica.url, cells: [[Badge.health(state).span(glyphs)], text],
                            spanFrom: 1, selectable: false, dim: gateway.health.state == .down))
        }
        return rows
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
