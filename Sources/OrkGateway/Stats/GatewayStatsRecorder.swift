import OrkStats
import Synchronization

/// This pod's webhook counters, per CRD (Katalog key), plus deletion-protection decisions about
/// objects that are not CRs of the Katalog (the gateway's own webhook configuration, protected
/// CRDs, labelled children): `infraProtection`. In memory, reset on restart; the fleet view sums
/// the replicas.
public final class GatewayStatsRecorder: Sendable {
    private struct State {
        var crds: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
    }

    private let state = Mutex(State())

    public init() {}

    /// Applies `update` to the counters of `crd`.
    public func record(_ crd: String, _ update: (inout WebhookCounters) -> Void) {
        state.withLock { state in
            var counters = state.crds[crd] ?? WebhookCounters()
            update(&counters)
            state.crds[crd] = counters
        }
    }

    public func recordInfra(denied: Bool) {
        state.withLock { state in
            if denied { state.infra.denied = state.infra.denied.saturatingAdd(1) }
            else { state.infra.allowed = state.infra.allowed.saturatingAdd(1) }
        }
    }

    /// The counters of every CRD that saw traffic, and the infra bucket.
    public func snapshot() -> (crds: [String: WebhookCounters], infra: ProtectionCounters) {
        state.withLock { ($0.crds, $0.infra) }
    }
}
