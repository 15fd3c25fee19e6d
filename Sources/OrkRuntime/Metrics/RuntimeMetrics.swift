import CoreMetrics
import OrkAPI
import OrkKatalog
import OrkMetrics
import Synchronization

/// One CRD's series: recorded at the source (``ReconcileMetrics`` by ``CRDHealth``, ``QueueMetrics``
/// by the work queue) and gauges set at scrape time.
struct CRDMetrics: Sendable {
    let reconcile: ReconcileMetrics
    let queue: QueueMetrics
    let gauges: CRDGauges

    init(_ entry: CRDEntry, factory: any MetricsFactory) {
        let labels = Self.labels(entry)
        reconcile = ReconcileMetrics(labels: labels, factory: factory)
        queue = QueueMetrics(labels: labels, factory: factory)
        gauges = CRDGauges(labels: labels, factory: factory)
    }

    /// The labels every series of a CRD starts with: its Katalog key and its group, storage version
    /// and kind (as PromQL written for the Go original selects by).
    static func labels(_ entry: CRDEntry) -> [(String, String)] {
        [("crd", entry.key), ("group", entry.api.group), ("version", entry.api.storageVersion), ("kind", entry.api.kind)]
    }
}

/// The runtime's `/metrics`: its own swift-prometheus registry written through swift-metrics
/// (series of every CRD exist, at zero, from the start), plus whatever a library records when the
/// executable made this registry the process backend. See docs/api.md for the families.
package final class RuntimeMetrics: Sendable {
    typealias F = RuntimeMetricFamilies
    let registry: MetricsRegistry
    private let crds: Mutex<[String: CRDMetrics]>
    private let ready: Gauge
    private let leader: Gauge
    /// Members given a `orkestra_shard_crs` series so far: one that left is set to 0, not left at its last count.
    private let shardSeries = Mutex<Set<String>>([])

    /// Creates the series of the CRDs `entries`.
    package init(crds entries: [CRDEntry]) {
        let registry = MetricsRegistry(descriptions: F.descriptions)
        self.registry = registry
        var crds: [String: CRDMetrics] = [:]
        for entry in entries where crds[entry.key] == nil { crds[entry.key] = CRDMetrics(entry, factory: registry.factory) }
        self.crds = Mutex(crds)
        ready = Gauge(label: F.ready, factory: registry.factory)
        leader = Gauge(label: F.leader, factory: registry.factory)
    }

    /// The series of CRD `entry`, created at zero when new.
    func crd(_ entry: CRDEntry) -> CRDMetrics {
        crds.withLock { crds in
            if let existing = crds[entry.key] { return existing }
            let created = CRDMetrics(entry, factory: registry.factory)
            crds[entry.key] = created
            return created
        }
    }

    /// Sets the gauges from `snapshot` and renders every series as Prometheus text (format 0.0.4).
    func exposition(_ snapshot: RuntimeSnapshot) -> String {
        Gauge(label: F.info, dimensions: [("version", OrkVersion.current), ("katalog", snapshot.katalog.name),
                                          ("pod", snapshot.pod.name)], factory: registry.factory).record(1)
        ready.record(snapshot.ready ? 1 : 0)
        leader.record(snapshot.leader.isLeader ? 1 : 0)
        for crd in snapshot.crds { self.crd(crd.entry).gauges.set(crd) }
        if let shards = snapshot.shards { setShardGauges(shards) }
        return registry.exposition()
    }

    /// The coordinator's series (recorded where moves happen).
    func shardMoves() -> ShardMoveMetrics { ShardMoveMetrics(factory: registry.factory) }

    private func setShardGauges(_ shards: ShardStatus) {
        Gauge(label: F.shardMembers, factory: registry.factory).record(shards.members.filter(\.live).count)
        // Counts this replica does not know (it is not the coordinator) are not exported — a replica
        // that stopped coordinating drops its series: the coordinator's are the ring's.
        for (label, count) in [(F.shardUnassigned, shards.unassigned), (F.shardDraining, shards.draining)] {
            let gauge = Gauge(label: label, factory: registry.factory)
            if let count { gauge.record(count) } else { gauge.destroy() }
        }
        let known = shards.members.compactMap { member in member.crs.map { (member.id, $0) } }
        let current = Set(known.map(\.0))
        let gone = shardSeries.withLock { series -> Set<String> in
            defer { series.formUnion(current) }
            return series.subtracting(current)
        }
        for (member, crs) in known {
            Gauge(label: F.shardCRs, dimensions: [("member", member)], factory: registry.factory).record(crs)
        }
        for member in gone { Gauge(label: F.shardCRs, dimensions: [("member", member)], factory: registry.factory).destroy() }
    }

    /// Makes this registry the process's swift-metrics backend (once, by the executable).
    package func bootstrapProcessMetrics() {
        registry.bootstrapProcessMetrics()
    }
}
