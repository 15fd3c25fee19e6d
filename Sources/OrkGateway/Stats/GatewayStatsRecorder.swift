import OrkStats
import Synchronization

/// This pod's webhook counters, per CRD (Katalog key), plus deletion-protection decisions about
/// objects that are not CRs of the Katalog (the gateway's own webhook configuration, protected
/// CRDs, labelled children): `infraProtection`. In memory, reset on restart; the fleet view sums
/// the replicas. Each decision is recorded once, here, into the JSON stats and into `/metrics`.
public final class GatewayStatsRecorder: Sendable {
    private struct State {
        var crds: [String: WebhookCounters] = [:]
        var infra = ProtectionCounters()
    }

    private let state = Mutex(State())
    /// This pod's `/metrics` series.
    public let metrics: GatewayMetrics

    public init(metrics: GatewayMetrics = GatewayMetrics()) {
        self.metrics = metrics
    }

    /// Counts `outcome` for `crd`, with the time the webhook took to answer.
    public func record(_ crd: String, _ outcome: WebhookOutcome, elapsed: Duration? = nil) {
        state.withLock { state in
            var counters = state.crds[crd] ?? WebhookCounters()
            counters.apply(outcome, elapsed: elapsed)
            state.crds[crd] = counters
        }
        metrics.record(crd, outcome, elapsed: elapsed)
    }

    public func recordInfra(denied: Bool) {
        state.withLock { state in
            if denied { state.infra.denied = state.infra.denied.saturatingAdd(1) }
            else { state.infra.allowed = state.infra.allowed.saturatingAdd(1) }
        }
        metrics.recordInfra(denied: denied)
    }

    /// The counters of every CRD that saw traffic, and the infra bucket.
    public func snapshot() -> (crds: [String: WebhookCounters], infra: ProtectionCounters) {
        state.withLock { ($0.crds, $0.infra) }
    }
}
