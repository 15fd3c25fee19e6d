import OrkStats
/// The reconcile families of `/metrics`: results, durations, failure streak, API writes and
/// children applied, deleted and left unchanged per CRD.
enum ReconcileMetrics {
    static func render(_ crds: [CRDSnapshot], into out: PrometheusText) {
        typealias P = PrometheusText
        func perCRD(_ value: (ReconcileTotals) -> String) -> [P.Sample] {
            crds.map { .init(labels: [("crd", $0.key)], value: value($0.totals)) }
        }
        out.family("orkestra_reconcile_total", .counter, help: "Reconciles by result.",
                   crds.flatMap { crd in
                       [P.Sample(labels: [("crd", crd.key), ("result", "success")], value: P.value(crd.totals.succeeded)),
                        P.Sample(labels: [("crd", crd.key), ("result", "failure")], value: P.value(crd.totals.failed))]
                   })
        out.family("orkestra_reconcile_duration_seconds", .histogram, help: "Duration of reconciles.",
                   crds.flatMap { HistogramSamples.seconds($0.totals.duration, labels: [("crd", $0.key)]) })
        out.family("orkestra_consecutive_failures", .gauge, help: "Reconcile failures since the CRD's last success.",
                   perCRD { P.value($0.consecutiveFailures) })
        out.family("orkestra_api_writes_total", .counter, help: "API writes made by reconciles (apply, patch, create, delete).",
                   perCRD { P.value($0.apiWrites) })
        out.family("orkestra_children_applied_total", .counter, help: "Children applied because they changed or were missing.",
                   perCRD { P.value($0.childrenApplied) })
        out.family("orkestra_children_deleted_total", .counter, help: "Children deleted because their conditions stopped passing.",
                   perCRD { P.value($0.childrenDeleted) })
        out.family("orkestra_children_unchanged_total", .counter, help: "Children skipped because their rendered hash matched.",
                   perCRD { P.value($0.childrenUnchanged) })
    }
}
