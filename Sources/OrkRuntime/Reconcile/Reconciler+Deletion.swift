import Foundation
import OrkCore
import OrkKube

extension Reconciler {
    /// How often a CR waiting for its onDelete Jobs is looked at again.
    static let jobPollInterval = Duration.seconds(1)

    /// Handles a CR being deleted: runs its onDelete entries (Jobs are created and awaited by
    /// re-queueing, other kinds deleted; ordered groups one after another), deletes every child it
    /// owns (cluster-scoped and other-namespace children have no owner reference, and garbage
    /// collection of the rest can lag), then removes the finalizer — last.
    func finalize(_ cr: JSONValue, tally: inout ReconcileTally) async throws(ReconcileError) {
        let finalizers = (cr.value(atDotted: "metadata.finalizers")?.arrayValue ?? []).compactMap(\.stringValue)
        guard finalizers.contains(OrkNames.finalizer) else { return }
        let owner: ChildOwner
        do {
            owner = try ChildOwner(cr: cr)
        } catch {
            throw ReconcileError(.onDelete, error.description)
        }
        let deletedAt = cr.value(atDotted: "metadata.deletionTimestamp")?.stringValue.flatMap(Self.parseTimestamp)
        let elapsed = deletedAt.map { Date().timeIntervalSince($0) } ?? 0
        if !compiled.onDeleteGroups.isEmpty {
            if elapsed < entry.operatorBox.onDelete.timeout.seconds {
                let finished = try await runOnDelete(cr, owner: owner, tally: &tally)
                if !finished {
                    tally.requeueAfter = Self.jobPollInterval
                    return
                }
            } else {
                logger.warning("onDelete did not finish within \(entry.operatorBox.onDelete.timeout); removing the finalizer anyway")
            }
        }
        try await deleteUndesired(ownerUID: owner.uid, keep: [], tally: &tally)
        let remaining = finalizers.filter { $0 != OrkNames.finalizer && !entry.operatorBox.finalizers.contains($0) }
        do {
            _ = try await patchCR(cr, ["metadata": ["finalizers": .array(remaining.map(JSONValue.string))]],
                                  stage: .finalizer, tally: &tally)
        } catch where error.kubeError?.kind == .notFound {
            return  // already gone: an earlier pass removed the finalizer and the cache lags
        }
        logger.info("cleanup finished; finalizer removed")
    }

    /// Runs the onDelete groups; true when every Job has finished.
    func runOnDelete(_ cr: JSONValue, owner: ChildOwner, tally: inout ReconcileTally) async throws(ReconcileError) -> Bool {
        let data = templateData(cr)
        let ordered = entry.operatorBox.onDelete.ordered
        var allFinished = true
        for (index, group) in compiled.onDeleteGroups.enumerated() {
            let rendered = try planner.render(group, section: "onDelete.groups[\(index)]", data: data) { _ in true }
            let desired = try planner.build(rendered, owner: owner)
            var groupFinished = true
            for child in desired {
                if child.manifest.resourceType.kind == "Job" {
                    if try await !jobFinished(child, tally: &tally) { groupFinished = false }
                } else {
                    let object = caches.informer(for: child.resource)
                        .get(namespace: child.manifest.namespace, name: child.manifest.name) ?? .object([:])
                    try await deleteChild(child.resource, object: object, identity: child.identity, tally: &tally)
                }
            }
            if !groupFinished {
                allFinished = false
                if ordered { return false }
            }
        }
        return allFinished
    }

    /// Creates the Job when missing and reports whether it completed (or failed: then the failure
    /// is logged and cleanup goes on rather than blocking deletion forever).
    func jobFinished(_ child: DesiredChild, tally: inout ReconcileTally) async throws(ReconcileError) -> Bool {
        let namespace = child.manifest.namespace
        var job: JSONValue
        do {
            job = try await client.get(child.resource, namespace: namespace, name: child.manifest.name)
        } catch where error.kind == .notFound {
            do {
                job = try await client.apply(child.resource, child.manifest.object, fieldManager: OrkNames.fieldManager,
                                             force: true)
                tally.writes += 1
                tally.applied += 1
                logger.info("onDelete Job \(child.identity) created")
            } catch {
                throw ReconcileError(.onDelete, "\(child.identity): \(error.description)", kubeError: error)
            }
        } catch {
            throw ReconcileError(.onDelete, "\(child.identity): \(error.description)", kubeError: error)
        }
        let conditions = job.value(atDotted: "status.conditions")?.arrayValue ?? []
        func has(_ type: String) -> Bool {
            conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
        }
        if has("Failed") {
            logger.warning("onDelete Job \(child.identity) failed; continuing cleanup")
            return true
        }
        let completions = job.value(atDotted: "spec.completions")?.intValue ?? 1
        return has("Complete") || (job.value(atDotted: "status.succeeded")?.intValue ?? 0) >= max(1, completions)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
