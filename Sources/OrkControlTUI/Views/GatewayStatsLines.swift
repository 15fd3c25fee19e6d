import OrkAPI
/// Admission, conversion and protection stats of one CRD per gateway replica and in total, from
/// the gateway's `GET /katalog/{crd}`.
enum GatewayStatsLines {
    static func lines(runtime url: String, crd: String, _ context: ViewContext) -> [Line] {
        guard let gateway = context.state.gateway(of: url) else {
            return [CRDDetailView.heading("Gateway"), [Span("  this runtime advertises no gateway (gatewayEndpoint is null)", .dim)]]
        }
        var lines = [CRDDetailView.heading("Gateway " + Format.endpoint(gateway.url))]
        let loaded = context.state.gatewayCRDs[FocusRequest.gatewayCRD(gateway: gateway.url, crd: crd).key]
        lines += LoadNotice.lines(loaded, what: "gateway stats", context).map { [Span("  ")] + $0 }
        guard let value = loaded?.value else { return lines }
        let header = pad("REPLICA", 22) + pad("VALIDATE a/d/w", 16) + pad("MUTATE p/u", 12) + pad("CONVERT ok/fail", 16) +
            pad("DELETE a/d", 11) + "p95"
        lines.append([Span("  " + header, .header)])
        for replica in value.replicas {
            let name = replica.pod.name ?? Format.hostPort(replica.url)
            if replica.reachable, let stats = replica.stats {
                lines.append([Span("  " + pad(name, 22) + row(stats))])
            } else {
                lines.append([Span("  " + pad(name, 22)), Span(context.glyphs.down + " " + (replica.error ?? "unreachable"), .bad)])
            }
        }
        lines.append([Span("  " + pad("total", 22) + row(value.row.stats), .accent)])
        return lines
    }

    static func row(_ stats: GatewayStats) -> String {
        func triple(_ parts: [Int]?) -> String { parts.map { $0.map(String.init).joined(separator: "/") } ?? "-" }
        let validation = stats.validation.map { [$0.allowed, $0.denied, $0.warned] }
        let mutation = stats.mutation.map { [$0.patched, $0.unchanged] }
        let conversion = stats.conversion.map { [$0.succeeded, $0.failed] }
        let deletion = stats.deletionProtection.map { [$0.allowed, $0.denied] }
        let p95 = [stats.validation?.latency?.p95Ms, stats.mutation?.latency?.p95Ms, stats.conversion?.latency?.p95Ms]
            .compactMap { $0 }.max()
        return pad(triple(validation), 16) + pad(triple(mutation), 12) + pad(triple(conversion), 16) + pad(triple(deletion), 11) +
            Format.milliseconds(p95)
    }

    static func pad(_ text: String, _ width: Int) -> String { TextWidth.fit(text, to: width - 1, ellipsis: "~") + " " }
}
