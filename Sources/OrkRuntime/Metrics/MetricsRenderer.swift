import OrkKatalog
import OrkStats

/// `/metrics`: a pure rendering of a ``RuntimeSnapshot`` as Prometheus text (format 0.0.4).
/// Names start with `orkestra_`; per-CRD series carry `crd="<Katalog key>"`. See docs/api.md.
public enum MetricsRenderer {
    public static func render(_ snapshot: RuntimeSnapshot) -> String {
        let out = PrometheusText()
        let crds = snapshot.crds
        func perCRD(_ value: (CRDSnapshot) -> String) -> [PrometheusText.Sample] {
            crds.map { .init(labels: [("crd", $0.key)], value: value($0)) }
        }
        typealias P = PrometheusText

        out.family("orkestra_runtime_info", .gauge, help: "Runtime build and Katalog; always 1.", [
            .init(labels: [("version", OrkVersion.current), ("katalog", snapshot.katalog.name), ("pod", snapshot.pod.name)],
                  value: "1"),
        ])
        out.family("orkestra_runtime_ready", .gauge, help: "1 when the runtime finished start-up, else 0.",
                   [.init(labels: [], value: snapshot.ready ? "1" : "0")])
        out.family("orkestra_leader", .gauge, help: "1 when this pod holds the leader lease, else 0.",
                   [.init(labels: [], value: snapshot.leader.isLeader ? "1" : "0")])
        out.family("orkestra_crd_state", .gauge, help: "1 for the CRD's current state, 0 for the others.",
                   crds.flatMap { crd in
                       CRDState.allCases.map { state in
                           P.Sample(labels: [("crd", crd.key), ("state", state.rawValue)], value: crd.state == state ? "1" : "0")
                       }
                   })
        out.family("orkestra_resources", .gauge, help: "Custom resources in the CRD's informer cache.",
                   perCRD { P.value($0.resourceCount) })
        out.family("orkestra_workers_configured", .gauge, help: "Workers configured for the CRD.",
                   perCRD { P.value($0.workers) })
        out.family("orkestra_workers", .gauge, help: "Workers by state: busy (reconciling) or idle.",
                   crds.flatMap { crd in
                       [P.Sample(labels: [("crd", crd.key), ("state", "busy")], value: P.value(crd.workersBusy)),
                        P.Sample(labels: [("crd", crd.key), ("state", "idle")], value: P.value(crd.workersIdle))]
                   })
        QueueMetrics.render(crds, into: out)
        ReconcileMetrics.render(crds, into: out)
        return out.text
    }
}
