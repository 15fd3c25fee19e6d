import FoundationEssentials
import OrkKatalog
import OrkKube
import OrkValue

extension Reconciler {
    /// How often a CR waiting for its onDelete Jobs is looked at again.
    static let jobPollInterval = Duration.seconds(1)

    /// Handles a CR being deleted: runs its onDelete entries (Jobs are created and awaited by
    /// re-queueing, other kinds deleted; ordered groups one after another), deletes every child it
    /// owns, then removes the finalizer — last, and only through the finalizer gate: the child
    /// caches have synced, and every owned child that no owner reference ties to the CR
    /// (cluster-scoped, or in another namespace) is confirmed gone by a live list, never the cache.
    /// A stale cache (a stalled watch) can therefore not orphan a ClusterRole.
    func finalize(_ cr: JSONValue, tally: inout ReconcileTally) async throws(ReconcileError) {
        let finalizers = (cr.value(atDotted: "metadata.finalizers")?.arrayValue ?? []).compactMap(\.stringValue)
        guard finalizers.contains(OrkNames.finalizer) else { return }
        let owner: ChildOwner
        do {
            owner = try childOwner(cr)
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
        let unsynced = types.resources.filter { caches.existingInformer(for: $0)?.hasSynced != true }
        let remaining = try await deleteOwnedChildren(ownerUID: owner.uid, crNamespace: owner.namespace, tally: &tally)
        let gate = FinalizerGate(unsynced: unsynced.map { ChildCaches.key($0) }, remaining: remaining)
        guard case .open = gate else {
            logger.info("finalizer kept: \(gate)")
            tally.requeueAfter = Self.jobPollInterval
            return
        }
        let others = finalizers.filter { $0 != OrkNames.finalizer && !entry.operatorBox.finalizers.contains($0) }
        do {
            _ = try await patchCR(cr, ["metadata": ["finalizers": .array(others.map(JSONValue.string))]],
                                  stage: .finalizer, tally: &tally)
        } catch where error.kubeError?.kind == .notFound {
            return  // already gone: an earlier pass removed the finalizer and the cache lags
        }
        logger.info("cleanup finished; finalizer removed")
    }

    /// Deletes every child of the CR found by a live list of each child resource (owner-uid label;
    /// never the cache), each delete guarded by the object's UID, and lists again once when it
    /// deleted any. Returns the children outside the CR's namespace still there after that.
    func deleteOwnedChildren(ownerUID: String, crNamespace: String?, tally: inout ReconcileTally)
        async throws(ReconcileError) -> [ChildIdentity]
    {
        var remaining: [ChildIdentity] = []
        for pass in 0..<2 {
            var deleted = 0
            remaining = []
            for resource in types.resources {
                for object in try await liveChildren(resource, ownerUID: ownerUID)
                    where ChildOwnership.decide(object, ownerUID: ownerUID) == .ours {
                    guard let name = object.value(atDotted: "metadata.name")?.stringValue else { continue }
                    let namespace = object.value(atDotted: "metadata.namespace")?.stringValue ?? ""
                    let identity = ChildIdentity(group: resource.group, resource: resource.resource,
                                                 namespace: namespace, name: name)
                    if object.value(atDotted: "metadata.deletionTimestamp").map({ !$0.isNull }) != true {
                        try await deleteChild(resource, object: object, identity: identity, tally: &tally)
                        deleted += 1
                    }
                    if !resource.namespaced || namespace != crNamespace { remaining.append(identity) }
                }
            }
            if deleted == 0 || pass == 1 { break }
        }
        return remaining
    }

    /// The CR's children of `resource` as the API server lists them now (metadata only), in the
    /// caches' scope: cluster-wide for cluster-scoped kinds, `WATCH_NAMESPACE` (or all) otherwise.
    func liveChildren(_ resource: APIResource, ownerUID: String) async throws(ReconcileError) -> [JSONValue] {
        let options = ListOptions(labelSelector: "\(OrkNames.ownerUIDLabel)=\(ownerUID)")
        do {
            return try await client.listAll(resource, namespace: resource.namespaced ? caches.namespace : nil,
                                            options: options, metadataOnly: true).items
        } catch {
            throw ReconcileError(.finalizer, "listing the CR's \(resource.resource): \(error.description)", kubeError: error)
        }
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
                } else if let object = try await liveObject(child.resource, identity: child.identity, stage: .onDelete) {
                    // The object as the API server has it now: the delete carries its UID, so an
                    // object re-created under the name in the meantime is not deleted.
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
