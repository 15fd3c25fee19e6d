import OrkValue

/// `ork generate dashboards`: Grafana dashboards for the runtime and the gateway whose queries use
/// only the families of ``RuntimeMetricFamilies`` and ``GatewayMetricFamilies`` (tests check each
/// query's metrics against a real exposition, and promtool parses every expression).
public enum GrafanaDashboards {
    /// File name → dashboard JSON (pretty-printed, deterministic).
    public static func files() -> [(name: String, json: String)] {
        [("orkestra-runtime.json", runtime().prettyPrinted() + "\n"), ("orkestra-gateway.json", gateway().prettyPrinted() + "\n")]
    }

    public static let runtimePanels: [DashboardPanel] = {
        typealias F = RuntimeMetricFamilies
        let crd = #"{crd=~"$crd"}"#
        func rate(_ name: String) -> String { "rate(\(name)\(crd)[5m])" }
        func p95(_ histogram: String) -> String {
            "histogram_quantile(0.95, sum by (crd, le) (rate(\(histogram)_bucket\(crd)[5m])))"
        }
        return [
            DashboardPanel("Reconciles per second", unit: "ops", [("sum by (crd, result) (\(rate(F.reconciles)))", "{{crd}} {{result}}")]),
            DashboardPanel("Reconcile duration (p95)", unit: "s", [(p95(F.reconcileDuration), "{{crd}}")]),
            DashboardPanel("Work queue depth", unit: "short", [("sum by (crd) (\(F.queueDepth)\(crd))", "{{crd}}")]),
            DashboardPanel("Queue wait (p95)", unit: "s", [(p95(F.queueWait), "{{crd}}")]),
            DashboardPanel("Queue adds, retries and drops per second", unit: "ops", [
                ("sum by (crd) (\(rate(F.queueAdds)))", "{{crd}} adds"),
                ("sum by (crd) (\(rate(F.queueRetries)))", "{{crd}} retries"),
                ("sum by (crd) (\(rate(F.queueDrops)))", "{{crd}} drops"),
            ]),
            DashboardPanel("Consecutive reconcile failures", unit: "short",
                           [("max by (crd) (\(F.consecutiveFailures)\(crd))", "{{crd}}")]),
            DashboardPanel("CRD state", unit: "short", [("max by (crd, state) (\(F.crdState)\(crd)) == 1", "{{crd}} {{state}}")]),
            DashboardPanel("Workers", unit: "short", [
                ("sum by (crd, state) (\(F.workers)\(crd))", "{{crd}} {{state}}"),
                ("sum by (crd) (\(F.workersConfigured)\(crd))", "{{crd}} configured"),
            ]),
            DashboardPanel("Custom resources cached", unit: "short", [("sum by (crd) (\(F.resources)\(crd))", "{{crd}}")]),
            DashboardPanel("API writes per second", unit: "ops", [("sum by (crd) (\(rate(F.apiWrites)))", "{{crd}}")]),
            DashboardPanel("Children per second", unit: "ops", [
                ("sum by (crd) (\(rate(F.childrenApplied)))", "{{crd}} applied"),
                ("sum by (crd) (\(rate(F.childrenDeleted)))", "{{crd}} deleted"),
                ("sum by (crd) (\(rate(F.childrenUnchanged)))", "{{crd}} unchanged"),
            ]),
            DashboardPanel("Leader and readiness", unit: "short", [
                ("max by (instance) (\(F.leader))", "{{instance}} leader"),
                ("min by (instance) (\(F.ready))", "{{instance}} ready"),
            ]),
        ]
    }()

    public static let gatewayPanels: [DashboardPanel] = {
        typealias F = GatewayMetricFamilies
        return [
            DashboardPanel("Webhook requests per second", unit: "ops",
                           [("sum by (crd, webhook, result) (rate(\(F.requests)[5m]))", "{{crd}} {{webhook}} {{result}}")]),
            DashboardPanel("Webhook latency (p95)", unit: "s", [
                ("histogram_quantile(0.95, sum by (webhook, le) (rate(\(F.duration)_bucket[5m])))", "{{webhook}}"),
            ]),
            DashboardPanel("Deletions blocked (last hour)", unit: "short",
                           [("sum by (resource) (increase(\(F.deletionBlocked)[1h]))", "{{resource}}")]),
            DashboardPanel("Conversions per second", unit: "ops", [
                ("sum by (kind, source_version, target_version) (rate(\(F.conversions)[5m]))",
                 "{{kind}} {{source_version}} → {{target_version}}"),
            ]),
            DashboardPanel("Protection decisions about other objects per second", unit: "ops",
                           [("sum by (result) (rate(\(F.infraProtection)[5m]))", "{{result}}")]),
            DashboardPanel("Notifications (last hour)", unit: "short",
                           [("sum by (result) (increase(\(F.notifications)[1h]))", "{{result}}")]),
            DashboardPanel("Gateway replicas", unit: "short", [("count(\(F.info))", "replicas")]),
        ]
    }()

    public static func runtime() -> JSONValue {
        dashboard(title: "Orkestra runtime", uid: "orkestra-runtime", panels: runtimePanels, variables: [
            ["name": "crd", "label": "CRD", "type": "query", "datasource": ["type": "prometheus", "uid": "${datasource}"],
             "query": .string("label_values(\(RuntimeMetricFamilies.reconciles), crd)"),
             "definition": .string("label_values(\(RuntimeMetricFamilies.reconciles), crd)"),
             "includeAll": true, "multi": true, "allValue": ".*", "refresh": 2,
             "current": ["text": "All", "value": "$__all"]],
        ])
    }

    public static func gateway() -> JSONValue {
        dashboard(title: "Orkestra gateway", uid: "orkestra-gateway", panels: gatewayPanels, variables: [])
    }

    private static func dashboard(title: String, uid: String, panels: [DashboardPanel], variables: [JSONValue]) -> JSONValue {
        let datasource: JSONValue = ["name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus"]
        return [
            "title": .string(title), "uid": .string(uid), "schemaVersion": 39, "version": 1, "editable": true,
            "tags": ["orkestra"], "time": ["from": "now-6h", "to": "now"], "refresh": "30s",
            "templating": ["list": .array([datasource] + variables)],
            "panels": .array(panels.enumerated().map { $0.element.json(index: $0.offset) }),
        ]
    }
}
