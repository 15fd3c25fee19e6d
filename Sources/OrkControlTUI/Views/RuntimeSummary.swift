/// The lines above a runtime's views: Katalog and versions, cluster and pod, leadership, gateway,
/// CRD counts, why the data is stale when the runtime is down, and with sharding the replica's
/// member id and share and the runtime's Shards panel.
enum RuntimeSummary {
    static func lines(_ runtime: RuntimeEndpoint, _ context: ViewContext) -> [Line] {
        let glyphs = context.glyphs
        let dot = " " + glyphs.dot + " "
        var lines: [Line] = []
        var first: Line = [Badge.health(runtime.health.state).span(glyphs), Span("  " + Format.endpoint(runtime.url), .normal)]
        if let katalog = runtime.katalog {
            first.append(Span(dot + "Katalog " + katalog.name + (katalog.version.map { " " + $0 } ?? ""), .normal))
            first.append(Span(dot + "ork " + katalog.runtimeVersion + dot + "up " + Format.age(seconds: Double(katalog.uptimeSeconds)), .dim))
        }
        lines.append(first)
        if runtime.health.state == .down {
            lines.append(context.downLine(runtime.health))
        } else if let reason = runtime.health.reason, runtime.health.state != .ok {
            lines.append([Span(glyphs.arrow + " " + reason, .warn)])
        }
        guard let katalog = runtime.katalog else { return lines }
        var second: Line = [Span("cluster ", .dim), Span(katalog.clusterName.map { "\($0) (\(katalog.cluster))" } ?? katalog.cluster)]
        second.append(Span(dot + "pod ", .dim))
        second.append(Span((katalog.pod.name ?? "?") + (katalog.pod.ip.map { " " + $0 } ?? "")))
        second.append(Span(dot, .dim))
        let role = ReplicaRole(katalog)
        if role == .leader {
            second.append(Span(role.rawValue, .ok))
        } else {
            second.append(Span(role.rawValue + ", leader " + (katalog.leader.identity ?? "unknown") +
                               (katalog.leader.endpoint.map { " at " + $0 } ?? ""), .info))
        }
        lines.append(second)
        let counts = katalog.statusCounts
        var third: Line = [
            Span("CRDs ", .dim), Span("\(counts.healthy) healthy", .ok), Span(dot + "\(counts.pending) pending", .info),
            Span(dot + "\(counts.degraded) degraded", counts.degraded > 0 ? .warn : .dim),
            Span(dot + "\(counts.notStarted) not started", counts.notStarted > 0 ? .bad : .dim),
        ]
        if let gateway = katalog.gatewayEndpoint {
            third.append(Span(dot + "gateway ", .dim))
            third.append(Span(gateway))
        }
        lines.append(third)
        // With sharding (nothing otherwise): this replica's member id, role and share, then the ring.
        if let role = ShardLines.role(runtime, in: context.state, glyphs) { lines.append(role) }
        lines += ShardLines.panel(runtime, context)
        return lines
    }
}
