import OrkKube
import OrkValue

/// The coordinator's table: planned over the live members and written as one conditional update.
extension ShardCoordinator {
    /// Plans the table from its last reading and writes it when something moves: assignments of
    /// unheld and released buckets, reassignments of a lapsed member's, drains asked of live
    /// members the ring no longer wants, drains withdrawn. A conflict (a member's release landed
    /// meanwhile) is planned again at the next pass, which the release's event starts at once.
    func planTable(ring: ShardRing, live: Set<String>) async {
        guard !ring.isEmpty else { return }
        // The table as this replica last read it (parsed once per change, not once per pass).
        var (current, lease) = assignments.reading
        if let lease, current == ShardTable(), ShardTableLease.isUnreadable(lease) {
            logger.error("the shard table \(tableName) cannot be read: every bucket is assigned afresh")
        }
        let floor = state.withLock { $0.generationSeen }
        if current.generation < floor { current.raise(generation: floor) }
        let (next, moves) = current.planned(ring: ring, live: live)
        guard !moves.isEmpty else { return }
        do throws(KubeError) {
            if let lease {
                guard let body = ShardTableLease.replacing(next, in: lease) else { return }
                _ = try await client.update(LeaseElector.leases, namespace: leases.options.namespace, body)
            } else {
                let body = ShardTableLease.new(name: tableName, namespace: leases.options.namespace ?? "", ring: ringName,
                                               table: next)
                _ = try await client.create(LeaseElector.leases, namespace: leases.options.namespace, body)
            }
        } catch where error.kind == .conflict || error.kind == .alreadyExists {
            return
        } catch {
            logger.warning("cannot write the shard table \(tableName): \(error)")
            return
        }
        record(moves, generation: next.generation)
    }

    private func record(_ moves: [Int: ShardMove], generation: Int) {
        let instant = now()
        var tally: [String: Int] = [:]
        let drainsTook = state.withLock { state -> [Duration] in
            state.generationSeen = max(state.generationSeen, generation)
            var took: [Duration] = []
            for (bucket, move) in moves {
                state.moves.record(move)
                switch move {
                case .drain:
                    state.drainsAsked[bucket] = instant
                case .assign, .reassign:
                    if let asked = state.drainsAsked.removeValue(forKey: bucket) { took.append(instant - asked) }
                case .undrain:
                    state.drainsAsked.removeValue(forKey: bucket)
                }
            }
            return took
        }
        for move in moves.values {
            metrics?.record(move)
            tally["\(move.kind)", default: 0] += 1
        }
        for took in drainsTook {
            let (seconds, attoseconds) = took.components
            metrics?.duration.recordSeconds(Double(seconds) + Double(attoseconds) / 1e18)
        }
        let summary = tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        logger.info("shard table written at epoch \(generation): buckets \(summary)")
    }

    /// Every CR's member by its bucket, over all CRDs, while leading and once every CRD's CRs are
    /// listed; nil otherwise (a member knows only its own share). Unassigned: no bucket label yet,
    /// or a bucket nobody holds (or released, between two owners); draining: its bucket drains.
    func assignedCRs() -> (owners: [String: Int], unassigned: Int, draining: Int)? {
        let views = state.withLock { $0.views }
        guard !views.isEmpty, views.allSatisfy(\.informer.hasSynced) else { return nil }
        let table = assignments.table
        var owners: [String: Int] = [:]
        var unassigned = 0
        var draining = 0
        for view in views {
            for object in view.informer.list() {
                let label = object["metadata"]?["labels"]?[ShardBuckets.label]?.stringValue
                guard let bucket = ShardBuckets.bucket(label: label), let entry = table.entry(bucket),
                      entry.phase != .released else {
                    unassigned += 1
                    continue
                }
                owners[entry.member, default: 0] += 1
                if entry.phase == .draining { draining += 1 }
            }
        }
        return (owners, unassigned, draining)
    }
}

extension ShardMove {
    /// The move's name in logs and in `orkestra_shard_moves_total{move}`.
    var kind: String {
        switch self {
        case .assign: "assign"
        case .reassign: "reassign"
        case .drain: "drain"
        case .undrain: "undrain"
        }
    }
}
