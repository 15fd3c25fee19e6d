import FoundationEssentials
import Logging
import OrkKatalog
import OrkKube
import OrkTemplate
import OrkValue

/// What one reconcile did: API writes and children touched, and whether to look again later.
struct ReconcileTally: Sendable {
    var writes = 0
    var applied = 0
    var deleted = 0
    var unchanged = 0
    /// Re-queue after this delay (waiting for onDelete Jobs); nil when done.
    var requeueAfter: Duration?
}

/// The reconcile pipeline of one CRD (DESIGN §5): CR from cache → deleting? (onDelete, owned
/// children, finalizer removed last) → namespace not allowed? (left alone) → finalizer when the CRD
/// always needs one (onDelete, Katalog finalizers) → mutation (mutateFirst) → validation (deny ⇒
/// `ValidationFailed`, no children touched) → children rendered → finalizer when a child needs more
/// than owner references for its cleanup → children server-side applied → owned children no
/// longer desired deleted → status patched only when it changed.
///
/// A child whose hash annotation in the metadata cache equals the rendered hash, which nobody else
/// modified since the runtime wrote it and which still has the runtime's labels, costs no write:
/// unchanged CRs cost zero API writes.
struct Reconciler: Sendable {
    let compiled: CompiledCRD
    let client: KubeClient
    let crResource: APIResource
    let crInformer: Informer
    let caches: ChildCaches
    let types: ChildTypes
    let applied: AppliedChildren
    /// Unmetered here; each reconcile charges its own copy to a fresh `EvaluationBudget.reconcile`.
    var evaluator: RuleEvaluator
    /// The `.health` document templates see.
    let healthData: @Sendable () -> JSONValue
    /// Where status fields with `notify:` send their notifications (nil: no gateway endpoint).
    let notifications: NotificationSink?
    /// With sharding: this member's buckets, the CR's bucket and its epoch stamped on every child.
    var shard: ShardAssignments? = nil
    let logger: Logger

    var entry: CRDEntry { compiled.entry }

    /// The owner children of `cr` name, stamped with the CR's bucket, this member and the bucket's
    /// epoch when sharded.
    func childOwner(_ cr: JSONValue) throws(ChildRenderError) -> ChildOwner {
        var owner = try ChildOwner(cr: cr)
        if let shard {
            let bucket = ShardBuckets.bucket(of: crResource, namespace: owner.namespace, name: owner.name)
            guard let epoch = shard.epoch(of: bucket) else {
                throw ChildRenderError(field: "owner", message: "bucket \(bucket) is no longer held by member \(shard.member)")
            }
            owner.shard = ChildOwner.Shard(bucket: bucket, member: shard.member, epoch: epoch)
        }
        return owner
    }
    var planner: ChildPlanner { ChildPlanner(types: types, evaluator: evaluator) }

    /// Reconciles the CR at `key`, its rules metered by one `EvaluationBudget.reconcile`: a CR whose
    /// values make its rules expensive (long strings under regexes, huge lists) stops its own reconcile
    /// with the budget's error, without holding a worker for longer.
    func reconcile(_ key: ObjectKey, tally: inout ReconcileTally) async throws(ReconcileError) {
        var metered = self
        metered.evaluator = evaluator.metered(by: EvaluationMeter(budget: .reconcile))
        try await metered.reconcileMetered(key, tally: &tally)
    }

    private func reconcileMetered(_ key: ObjectKey, tally: inout ReconcileTally) async throws(ReconcileError) {
        guard var cr = crInformer.get(key) else { return }
        if cr.value(atDotted: "metadata.deletionTimestamp").map({ !$0.isNull }) == true {
            try await finalize(cr, tally: &tally)
            return
        }
        // A CR in a namespace the Katalog does not allow is left alone (no finalizer, no children,
        // no status); one that already carries the finalizer is still finalized when deleted.
        if let refusal = compiled.namespaceRefusal(key.namespace) {
            logger.info("not served: \(refusal)")
            return
        }
        // Cleanup the CRD always needs (onDelete entries, the Katalog's own finalizers) is secured
        // before anything else; cleanup only some children need, right before they are applied.
        if compiled.alwaysFinalized { cr = try await ensureFinalizer(cr, tally: &tally) }
        let rules = entry.mutation.rules
        if entry.mutation.mutateFirst, !rules.isEmpty { cr = try await mutate(cr, tally: &tally) }
        let report = evaluator.validate(entry.validation, object: cr, context: .reconcile)
        if report.budgetExhausted, let meter = evaluator.meter {
            throw ReconcileError(.condition, "the evaluation budget of one reconcile is exhausted (\(meter.exhaustionReason)) "
                + "while validating: nothing applied")
        }
        var outcome = StatusOutcome(generation: cr.value(atDotted: "metadata.generation")?.intValue,
                                    denials: report.denials.map(\.message), warnings: report.warnings.map(\.message),
                                    hasDenyRules: entry.validation.contains { $0.action == .deny },
                                    hasWarnRules: entry.validation.contains { $0.action == .warn },
                                    writeConditions: entry.operatorBox.status.conditions)
        if !report.allowed {
            logger.info("validation denied; children untouched", metadata: ["reasons": "\(outcome.denials)"])
            try await writeStatus(cr, outcome: outcome, desired: [], tally: &tally)
            return
        }
        if !entry.mutation.mutateFirst, !rules.isEmpty { cr = try await mutate(cr, tally: &tally) }

        let data = templateData(cr)
        let owner: ChildOwner
        do {
            owner = try childOwner(cr)
        } catch {
            throw ReconcileError(.render, error.description)
        }
        var rendered = try planner.render(compiled.onCreate, section: "onCreate", data: data) { !$0.reconcile }
        rendered += try planner.render(compiled.onReconcile, section: "onReconcile", data: data) { _ in false }
        let desired = try planner.build(rendered, owner: owner)
        if desired.contains(where: Self.needsCleanup) { cr = try await ensureFinalizer(cr, tally: &tally) }
        for child in desired.sorted(by: { $0.applyOrder < $1.applyOrder }) {
            try await ensure(child, ownerUID: owner.uid, tally: &tally)
        }
        try await deleteUndesired(ownerUID: owner.uid, keep: Set(desired.map(\.identity)), tally: &tally)
        outcome.fields = try statusFields(cr, desired: desired) + compiled.mutatedStatus.fields(of: cr)
        try await writeStatus(cr, outcome: outcome, desired: desired, tally: &tally)
    }

    /// The document templates see: the CR plus `.health`.
    func templateData(_ cr: JSONValue) -> JSONValue {
        guard case .object(var fields) = cr else { return cr }
        fields["health"] = healthData()
        return .object(fields)
    }

    // MARK: children

    /// Applies `child` unless the cache shows it as the runtime left it with the same hash — and
    /// only when it does not exist or is this CR's own (`ChildOwnership`).
    ///
    /// The child caches hold only labelled objects, so a child missing from its cache is looked up
    /// live first: an object someone else made under the child's name (a hand-made ConfigMap, a
    /// child of another CR) is never written. The reconcile fails with its name and owner instead —
    /// two CRs whose templates render one name would otherwise rewrite it in turn forever, and an
    /// adopted object would be deleted with the CR.
    func ensure(_ child: DesiredChild, ownerUID: String, tally: inout ReconcileTally) async throws(ReconcileError) {
        let cache = caches.informer(for: child.resource)
        var existing = cache.get(namespace: child.manifest.namespace, name: child.manifest.name)
        if existing == nil { existing = try await liveObject(child.resource, identity: child.identity, stage: .apply) }
        switch ChildOwnership.decide(existing, ownerUID: ownerUID) {
        case .foreign(let owner):
            throw ReconcileError(.apply, "\(child.identity) \(owner); nothing was written to it. "
                                 + "Set the child's `name` in the Katalog to something unique to this CR")
        case .absent:
            break
        case .ours:
            if let existing, existing.value(atDotted: "metadata.deletionTimestamp") == nil {
                if child.createOnly {
                    // Never re-applied, but a removed protection label is put back.
                    if ChildProtection.isLabelled(child.manifest.object), !ChildProtection.isLabelled(existing) {
                        try await ChildProtection.label(existing, resource: child.resource, identity: child.identity,
                                                        client: client, tally: &tally)
                        logger.info("restored \(OrkNames.deletionProtectionLabel) on \(child.identity)")
                    } else {
                        tally.unchanged += 1
                    }
                    return
                }
                let hash = existing.value(atDotted: "metadata.annotations")?[OrkNames.childHashAnnotation]?.stringValue
                if hash == child.manifest.hash, applied.isUnmodified(existing), Self.labelsIntact(existing, child.manifest.object) {
                    tally.unchanged += 1
                    return
                }
            }
        }
        do {
            let result = try await client.apply(child.resource, child.manifest.object, fieldManager: OrkNames.fieldManager,
                                                force: true)
            applied.record(result)
            tally.writes += 1
            tally.applied += 1
            logger.debug("applied \(child.identity)")
        } catch {
            throw ReconcileError(.apply, "\(child.identity): \(error.description)", kubeError: error)
        }
    }

    /// Whether deleting the CR leaves `child` to the runtime rather than to the garbage collector: it
    /// has no owner reference (cluster-scoped, or in another namespace), or it carries the deletion
    /// protection label the gateway would refuse the collector's delete for. A CR with such a child
    /// carries the finalizer before the child exists; one without needs none (P14: one write less).
    static func needsCleanup(_ child: DesiredChild) -> Bool {
        child.manifest.needsExplicitDeletion || ChildProtection.isLabelled(child.manifest.object)
    }

    /// Whether `live` still carries every label the runtime gives the child (a removed label, e.g.
    /// the deletion-protection one, changes no generation, so the generation check alone misses it).
    static func labelsIntact(_ live: JSONValue, _ desired: JSONValue) -> Bool {
        let wanted = desired.value(atDotted: "metadata.labels")?.objectValue ?? [:]
        guard !wanted.isEmpty else { return true }
        let present = live.value(atDotted: "metadata.labels")?.objectValue ?? [:]
        return wanted.allSatisfy { present[$0.key] == $0.value }
    }

    /// The object at `identity` read from the API server (not a cache); nil when it does not exist.
    func liveObject(_ resource: APIResource, identity: ChildIdentity, stage: ReconcileError.Stage)
        async throws(ReconcileError) -> JSONValue?
    {
        do {
            return try await client.get(resource, namespace: identity.namespace.isEmpty ? nil : identity.namespace,
                                        name: identity.name)
        } catch where error.kind == .notFound {
            return nil
        } catch {
            throw ReconcileError(stage, "\(identity): \(error.description)", kubeError: error)
        }
    }

    /// Deletes the CR's children (found by owner-uid label in the caches) that are not in `keep`.
    func deleteUndesired(ownerUID: String, keep: Set<ChildIdentity>, tally: inout ReconcileTally)
        async throws(ReconcileError)
    {
        for resource in types.resources {
            guard let cache = caches.existingInformer(for: resource),
                  let owned = try? cache.byIndex(ChildCaches.ownerIndex, ownerUID) else { continue }
            for object in owned {
                guard object.value(atDotted: "metadata.deletionTimestamp") == nil,
                      let name = object.value(atDotted: "metadata.name")?.stringValue else { continue }
                let namespace = object.value(atDotted: "metadata.namespace")?.stringValue ?? ""
                let identity = ChildIdentity(group: resource.group, resource: resource.resource,
                                             namespace: namespace, name: name)
                // A label copied onto an object someone else controls does not make it ours.
                if keep.contains(identity) || ChildOwnership.decide(object, ownerUID: ownerUID) != .ours { continue }
                try await deleteChild(resource, object: object, identity: identity, tally: &tally)
            }
        }
    }

    func deleteChild(_ resource: APIResource, object: JSONValue, identity: ChildIdentity,
                     tally: inout ReconcileTally) async throws(ReconcileError) {
        // Every delete is guarded by the UID of the object it was decided on.
        guard let uid = object.value(atDotted: "metadata.uid")?.stringValue, !uid.isEmpty else {
            throw ReconcileError(.delete, "\(identity): no UID to guard the delete with")
        }
        // Our own protection label would make the gateway refuse the delete: it comes off first.
        if ChildProtection.isLabelled(object) {
            try await ChildProtection.unlabel(object, uid: uid, resource: resource, identity: identity, client: client,
                                              tally: &tally)
        }
        do {
            try await client.delete(resource, namespace: identity.namespace.isEmpty ? nil : identity.namespace,
                                    name: identity.name,
                                    options: DeleteOptions(propagationPolicy: .background, preconditionUID: uid))
            tally.writes += 1
            tally.deleted += 1
            logger.info("deleted \(identity): no longer desired")
        } catch {
            if error.kind == .notFound || error.kind == .conflict { return }
            throw ReconcileError(.delete, "\(identity): \(error.description)", kubeError: error)
        }
    }

    // MARK: CR writes

    func ensureFinalizer(_ cr: JSONValue, tally: inout ReconcileTally) async throws(ReconcileError) -> JSONValue {
        let finalizers = (cr.value(atDotted: "metadata.finalizers")?.arrayValue ?? []).compactMap(\.stringValue)
        let wanted = [OrkNames.finalizer] + entry.operatorBox.finalizers
        let missing = wanted.filter { !finalizers.contains($0) }
        guard !missing.isEmpty else { return cr }
        return try await patchCR(cr, ["metadata": ["finalizers": .array((finalizers + missing).map(JSONValue.string))]],
                                 stage: .finalizer, tally: &tally)
    }

    func mutate(_ cr: JSONValue, tally: inout ReconcileTally) async throws(ReconcileError) -> JSONValue {
        let result: MutationResult
        do {
            result = try evaluator.mutate(entry.mutation.rules, object: cr, context: .reconcile)
        } catch {
            throw ReconcileError(.mutation, error.description)
        }
        guard result.changed else { return cr }
        logger.info("mutation applied", metadata: ["fields": "\(result.changes.map(\.path))"])
        return try await patchCR(cr, result.mergePatch, stage: .mutation, tally: &tally)
    }

    /// Merge-patches the CR guarded by its resourceVersion (a concurrent change is a conflict, retried).
    func patchCR(_ cr: JSONValue, _ patch: JSONValue, stage: ReconcileError.Stage, subresource: String? = nil,
                 tally: inout ReconcileTally) async throws(ReconcileError) -> JSONValue {
        var guarded = patch
        if subresource == nil, let version = cr.value(atDotted: "metadata.resourceVersion") {
            guarded = guarded.setting(version, at: ["metadata", "resourceVersion"]) ?? guarded
        }
        let namespace = cr.value(atDotted: "metadata.namespace")?.stringValue
        let name = cr.value(atDotted: "metadata.name")?.stringValue ?? ""
        do {
            let result = try await client.patch(crResource, namespace: namespace, name: name, .merge(guarded),
                                                subresource: subresource)
            tally.writes += 1
            return result
        } catch {
            throw ReconcileError(stage, error.description, kubeError: error)
        }
    }

    // MARK: status

    /// Declared status fields: rendered when their conditions pass, removed when they fail with
    /// `clearOnFalse`, left alone otherwise.
    func statusFields(_ cr: JSONValue, desired: [DesiredChild]) throws(ReconcileError) -> [(path: String, value: JSONValue?)] {
        guard !compiled.statusFields.isEmpty else { return [] }
        var data = templateData(cr)
        if compiled.statusReadsChildren, case .object(var fields) = data {
            fields["children"] = childrenDocument(desired)
            data = .object(fields)
        }
        var out: [(path: String, value: JSONValue?)] = []
        for template in compiled.statusFields {
            let field = template.field
            // A condition that cannot be evaluated counts as not passing (docs/conditions.md).
            guard evaluator.outcome(field.conditions, in: data) == .pass else {
                if field.clearOnFalse { out.append((field.path, nil)) }
                continue
            }
            let rendered: JSONValue
            do {
                rendered = try template.value.render(data)
            } catch {
                throw ReconcileError(.status, "status.fields \(field.path): \(error.error.description)")
            }
            guard let value = StatusBuilder.coerce(rendered, to: field.type) else {
                throw ReconcileError(.status, "status.fields \(field.path): \(rendered.plainText) is not a \(field.type.rawValue)")
            }
            out.append((field.path, value))
            if let notify = field.notify, let notifications {
                notifications.raise(notify, field: field.path, object: ObjectKey(of: cr) ?? ObjectKey(name: ObjectFields.name(cr)),
                                    message: notificationMessage(template, value: value, data: data, cr: cr))
            }
        }
        return out
    }

    /// A notifying field's message: its `notify.message` rendered over the CR, else what happened.
    func notificationMessage(_ template: CompiledCRD.StatusFieldTemplate, value: JSONValue, data: JSONValue, cr: JSONValue) -> String {
        if let message = template.notifyMessage, let text = try? message.render(data).plainText, !text.isEmpty { return text }
        let object = ObjectFields.namespace(cr).map { "\($0)/\(ObjectFields.name(cr))" } ?? ObjectFields.name(cr)
        return "\(entry.api.kind) \(object): status.\(template.field.path) is \(value.plainText)"
    }

    /// `.children` for status templates: the cached metadata of each desired child, by lower-case kind.
    func childrenDocument(_ desired: [DesiredChild]) -> JSONValue {
        var byKind: [String: JSONValue] = [:]
        for child in desired {
            let key = child.resource.kind.lowercased()
            guard byKind[key] == nil else { continue }
            let cache = caches.informer(for: child.resource)
            byKind[key] = cache.get(namespace: child.manifest.namespace, name: child.manifest.name) ?? child.manifest.object
        }
        return .object(byKind)
    }

    /// Patches the status when the desired one differs from the cached CR's.
    func writeStatus(_ cr: JSONValue, outcome: StatusOutcome, desired: [DesiredChild],
                     tally: inout ReconcileTally) async throws(ReconcileError) {
        let current = cr["status"] ?? .object([:])
        let now = Self.timestamp(Date())
        let wanted = StatusBuilder.desired(current: current, outcome: outcome, now: now)
        guard let patch = JSONMergePatch.diff(from: current, to: wanted) else { return }
        let version = crResource.version
        let hasSubresource = entry.api.versions.first { $0.name == version }?.statusSubresource ?? true
        _ = try await patchCR(cr, ["status": patch], stage: .status, subresource: hasSubresource ? "status" : nil,
                              tally: &tally)
    }

    /// RFC 3339 in UTC, as Kubernetes writes times (a value-type format style: no formatter per call).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension Reconciler {
    /// Writes `Ready=False` with the error to the CR's status (only when it differs); returns the
    /// writes made. Best effort: a failure to write is logged, never thrown.
    func reportFailure(_ key: ObjectKey, message: String) async -> Int {
        guard let cr = crInformer.get(key), cr.value(atDotted: "metadata.deletionTimestamp") == nil else { return 0 }
        let outcome = StatusOutcome(generation: cr.value(atDotted: "metadata.generation")?.intValue, failure: message,
                                    writeConditions: entry.operatorBox.status.conditions)
        var tally = ReconcileTally()
        do {
            try await writeStatus(cr, outcome: outcome, desired: [], tally: &tally)
        } catch {
            logger.warning("could not write the failure to the status: \(error)")
        }
        return tally.writes
    }
}
