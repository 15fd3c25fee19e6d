import OrkStats
/// The work-queue families of `/metrics`: depth, adds, retries, drops and wait time per CRD.
enum QueueMetrics {
    static func render(_ crds: [CRDSnapshot], into out: PrometheusText) {
        typealias P = PrometheusText
        func perCRD(_ value: (WorkQueueStats) -> String) -> [P.Sample] {
            crds.map { .init(labels: [("crd", $0.key)], value: value($0.queue)) }
        }
        out.family("orkestra_queue_depth", .gauge, help: "Items waiting in the CRD's work queue (event and resync lanes).",
                   perCRD { P.value($0.depth) })
        out.family("orkestra_queue_adds_total", .counter, help: "Items added to the work queue.",
                   perCRD { P.value($0.adds) })
        out.family("orkestra_queue_retries_total", .counter, help: "Items re-queued with backoff after a failed reconcile.",
                   perCRD { P.value($0.retries) })
        out.family("orkestra_queue_drops_total", .counter, help: "Items dropped because the queue was full.",
                   perCRD { P.value($0.drops) })
        out.family("orkestra_queue_wait_seconds", .histogram, help: "Time items waited in the queue before a worker took them.",
                   crds.flatMap { HistogramSamples.seconds($0.queue.waitTime, labels: [("crd", $0.key)]) })
    }
}
