import CoreMetrics
import OrkKatalog
import OrkMetrics
import Synchronization

/// `/metrics` of one gateway pod: webhook requests by CRD, webhook and result, their latency
/// histograms, infrastructure protection decisions and notification outcomes, recorded where they
/// happen (``GatewayStatsRecorder``, ``Notifier``) into this pod's own swift-prometheus registry.
/// Per pod, as Prometheus scrapes pods; the fleet view sums the JSON stats for humans.
public final class GatewayMetrics: Sendable {
    typealias F = GatewayMetricFamilies
    let registry: MetricsRegistry
    /// Series already made, by family name and label values: a request's decision finds its
    /// handle here instead of going through the factory (and its locks) again.
    private let series = Mutex<[[String]: Handle]>([:])
    private let infraDenied: Counter
    private let infraAllowed: Counter
    /// Blocked resources come from requests: at most 256 distinct names, then `other`.
    private let blockedResources = BoundedLabelValues(limit: 256)

    enum Handle: Sendable {
        case counter(Counter)
        case timer(Timer)
    }

    public init() {
        let registry = MetricsRegistry(descriptions: F.descriptions)
        self.registry = registry
        infraDenied = Counter(label: F.infraProtection, dimensions: [("result", "denied")], factory: registry.factory)
        infraAllowed = Counter(label: F.infraProtection, dimensions: [("result", "allowed")], factory: registry.factory)
    }

    /// The factory other recorders (the notifier) make their series with.
    public var factory: any MetricsFactory { registry.factory }

    /// Creates, at zero, every series the Katalog's enabled webhooks can record, so that a
    /// dashboard sees each CRD before its first request.
    public func prepare(_ katalog: Katalog, features: GatewayFeatures) {
        var outcomes: [WebhookOutcome] = []
        if features.admission {
            outcomes += [.validation(allowed: true, warned: true, overBudget: true), .validation(allowed: false, warned: false, overBudget: false),
                         .mutation(patched: true, overBudget: true), .mutation(patched: false, overBudget: false)]
        }
        if features.conversion { outcomes += [.conversion(succeeded: true), .conversion(succeeded: false)] }
        if features.deletionProtection { outcomes += [.deletionProtection(denied: true), .deletionProtection(denied: false)] }
        for entry in katalog.crds {
            for outcome in outcomes {
                for result in outcome.results { _ = counter(entry.key, outcome.webhook, result) }
                if case .deletionProtection = outcome { continue }
                _ = timer(entry.key, outcome.webhook)
            }
        }
    }

    func record(_ crd: String, _ outcome: WebhookOutcome, elapsed: Duration?) {
        for result in outcome.results { counter(crd, outcome.webhook, result).increment() }
        if let elapsed { timer(crd, outcome.webhook).record(elapsed) }
    }

    /// A namespace-protection review of a CR create (counted beside the other webhooks).
    func recordNamespaceDecision(_ crd: String, denied: Bool) {
        counter(crd, "namespace_protection", denied ? "denied" : "allowed").increment()
    }

    func recordInfra(denied: Bool) {
        (denied ? infraDenied : infraAllowed).increment()
    }

    /// A deletion (or protection-label removal) refused; `resource` names what was protected (see
    /// docs/gateway-api.md).
    func recordBlocked(resource: String) {
        counter(F.deletionBlocked, [("resource", blockedResources.admit(resource))]).increment()
    }

    /// One conversion review of a Katalog CRD; the versions are the CRD's own or `other`.
    func recordConversion(kind: String, sourceVersion: String, targetVersion: String) {
        counter(F.conversions, [("kind", kind), ("source_version", sourceVersion), ("target_version", targetVersion)]).increment()
    }

    /// Makes this registry the process's swift-metrics backend (the first call of a process wins).
    public func bootstrapProcessMetrics() {
        registry.bootstrapProcessMetrics()
    }

    /// Every series as Prometheus text (format 0.0.4); `katalog` and `pod` label the info series.
    public func exposition(katalog: String, pod: String) -> String {
        Gauge(label: F.info, dimensions: [("katalog", katalog), ("version", OrkVersion.current), ("pod", pod)],
              factory: registry.factory).record(1)
        return registry.exposition()
    }

    private func counter(_ crd: String, _ webhook: String, _ result: String) -> Counter {
        counter(F.requests, [("crd", crd), ("webhook", webhook), ("result", result)])
    }

    private func counter(_ family: String, _ labels: [(String, String)]) -> Counter {
        let key = [family] + labels.map(\.1)
        return series.withLock { series in
            if case .counter(let existing) = series[key] { return existing }
            let made = Counter(label: family, dimensions: labels, factory: registry.factory)
            series[key] = .counter(made)
            return made
        }
    }

    private func timer(_ crd: String, _ webhook: String) -> Timer {
        let key = [F.duration, crd, webhook]
        return series.withLock { series in
            if case .timer(let existing) = series[key] { return existing }
            let made = Timer(label: F.duration, dimensions: [("crd", crd), ("webhook", webhook)], factory: registry.factory)
            series[key] = .timer(made)
            return made
        }
    }
}

/// The notifier's series: notifications by outcome.
public struct NotifierMetrics: Sendable {
    let sent: Counter
    let failed: Counter
    let throttled: Counter
    let dropped: Counter
    let evicted: Counter

    public init(factory: any MetricsFactory) {
        func counter(_ result: String) -> Counter {
            Counter(label: GatewayMetricFamilies.notifications, dimensions: [("result", result)], factory: factory)
        }
        sent = counter("sent")
        failed = counter("failed")
        throttled = counter("throttled")
        dropped = counter("dropped")
        evicted = counter("evicted")
    }
}
