import OrkKatalog
import OrkStats

/// `/metrics` of one gateway pod (Prometheus text): webhook requests by CRD, webhook and result,
/// their latency histograms, and infrastructure protection decisions. Per pod, as Prometheus
/// scrapes pods; the fleet view sums them for humans.
public enum GatewayMetrics {
    public static func render(_ view: FleetView, notifier: Notifier.Counters? = nil) -> String {
        let (crds, infra) = view.stats.snapshot()
        let out = PrometheusText()
        out.family("orkestra_gateway_info", .gauge, help: "Gateway build and Katalog; always 1.", [
            .init(labels: [("katalog", view.index.katalog.metadata.name), ("version", OrkVersion.current), ("pod", view.pod.name)],
                  value: "1"),
        ])
        var requests: [PrometheusText.Sample] = [], durations: [PrometheusText.Sample] = []
        for entry in view.index.katalog.crds {
            let c = crds[entry.key] ?? WebhookCounters()
            func add(_ webhook: String, _ results: [(String, UInt64)], _ histogram: LatencyHistogram?) {
                for (result, value) in results {
                    requests.append(.init(labels: [("crd", entry.key), ("webhook", webhook), ("result", result)],
                                          value: PrometheusText.value(value)))
                }
                if let histogram {
                    durations += HistogramSamples.seconds(histogram, labels: [("crd", entry.key), ("webhook", webhook)])
                }
            }
            if view.features.admission {
                add("validation", [("allowed", c.validation.allowed), ("denied", c.validation.denied), ("warned", c.validation.warned),
                                      ("over_budget", c.validation.overBudget)],
                    c.validation.latency)
                add("mutation", [("patched", c.mutation.patched), ("unchanged", c.mutation.unchanged), ("over_budget", c.mutation.overBudget)],
                    c.mutation.latency)
            }
            if view.features.conversion {
                add("conversion", [("succeeded", c.conversion.succeeded), ("failed", c.conversion.failed)], c.conversion.latency)
            }
            if view.features.deletionProtection {
                add("deletion_protection", [("denied", c.deletionProtection.denied), ("allowed", c.deletionProtection.allowed)], nil)
            }
        }
        out.family("orkestra_webhook_requests_total", .counter, help: "Webhook requests by CRD, webhook and result.", requests)
        out.family("orkestra_webhook_duration_seconds", .histogram, help: "Time to answer a webhook request.", durations)
        out.family("orkestra_infra_protection_total", .counter,
                   help: "Deletion-protection decisions about objects that are not CRs of the Katalog.", [
            .init(labels: [("result", "denied")], value: PrometheusText.value(infra.denied)),
            .init(labels: [("result", "allowed")], value: PrometheusText.value(infra.allowed)),
        ])
        if let notifier {
            out.family("orkestra_notifications_total", .counter, help: "Notifications by outcome.", [
                .init(labels: [("result", "sent")], value: PrometheusText.value(notifier.sent)),
                .init(labels: [("result", "failed")], value: PrometheusText.value(notifier.failed)),
                .init(labels: [("result", "throttled")], value: PrometheusText.value(notifier.throttled)),
                .init(labels: [("result", "dropped")], value: PrometheusText.value(notifier.dropped)),
                .init(labels: [("result", "evicted")], value: PrometheusText.value(notifier.evicted)),
            ])
        }
        return out.text
    }
}
