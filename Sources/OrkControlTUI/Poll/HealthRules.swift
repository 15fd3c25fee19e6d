import OrkAPI
/// The state an answer implies: DEGRADED when the endpoint reports a problem, SLOW when it took
/// longer than the threshold, OK otherwise.
enum HealthRules {
    static func runtime(_ katalog: RuntimeKatalog, latencyMs: Double, slowMs: Double) -> (HealthState, String?) {
        if !katalog.ready { return (.degraded, "not ready (starting)") }
        if !katalog.healthy { return (.degraded, katalog.degradedReason ?? "unhealthy") }
        if latencyMs > slowMs { return (.slow, "answered in \(Int.saturating(latencyMs)) ms") }
        return (.ok, nil)
    }

    static func gateway(_ fleet: GatewayFleet, latencyMs: Double, slowMs: Double) -> (HealthState, String?) {
        let down = fleet.replicas.filter { !$0.reachable }.count
        if down > 0 { return (.degraded, "\(down)/\(fleet.replicas.count) replicas unreachable") }
        if latencyMs > slowMs { return (.slow, "answered in \(Int.saturating(latencyMs)) ms") }
        return (.ok, nil)
    }
}
