import OrkKube
import OrkValue

/// The coordinator's one write per CR: its bucket label, once (the bucket is a function of the CR's
/// group, kind, namespace and name, so it never changes; a label someone else changed is put back).
extension ShardCoordinator {
    struct Labelling: Sendable {
        var resource: APIResource
        var key: ObjectKey
        var version: String
        var bucket: Int
        var sentKey: String
    }

    /// Labels the CRs whose bucket label is missing or wrong, at most `labelsPerPass`,
    /// `concurrency` at a time. True when more were due than it sent.
    func labelCRs() async -> Bool {
        var due: [Labelling] = []
        var seen = Set<String>()
        var capped = false
        for view in state.withLock({ $0.views }) where view.informer.hasSynced {
            let resource = view.resource
            for object in view.informer.list() {
                guard let key = ObjectKey(of: object), let metadata = object["metadata"] else { continue }
                let sentKey = "\(resource.group)/\(resource.resource)/\(key)"
                seen.insert(sentKey)
                let bucket = ShardBuckets.bucket(of: resource, namespace: key.namespace, name: key.name)
                let label = metadata["labels"]?[ShardBuckets.label]?.stringValue
                guard ShardBuckets.bucket(label: label) != bucket else { continue }
                let version = metadata["resourceVersion"]?.stringValue ?? ""
                if state.withLock({ $0.sent[sentKey] == version }) { continue }
                guard due.count < settings.labelsPerPass else {
                    capped = true
                    continue
                }
                due.append(Labelling(resource: resource, key: key, version: version, bucket: bucket, sentKey: sentKey))
            }
        }
        // Forget what was sent for CRs that are gone.
        state.withLock { state in state.sent = state.sent.filter { seen.contains($0.key) } }
        let landed = await send(due)
        return capped && landed > 0
    }

    private func send(_ labellings: [Labelling]) async -> Int {
        guard !labellings.isEmpty else { return 0 }
        return await withTaskGroup(of: Bool.self) { group in
            var running = 0
            var landed = 0
            for labelling in labellings {
                if running >= settings.concurrency, let sent = await group.next() {
                    running -= 1
                    if sent { landed += 1 }
                }
                group.addTask { await self.send(labelling) }
                running += 1
            }
            for await sent in group where sent { landed += 1 }
            return landed
        }
    }

    private func send(_ labelling: Labelling) async -> Bool {
        let patch: JSONValue = ["metadata": ["resourceVersion": .string(labelling.version),
                                             "labels": [ShardBuckets.label: .string(String(labelling.bucket))]]]
        var itemLogger = logger
        itemLogger[metadataKey: "key"] = "\(labelling.key)"
        do throws(KubeError) {
            let namespace = labelling.key.namespace.isEmpty ? nil : labelling.key.namespace
            _ = try await client.patch(labelling.resource, namespace: namespace, name: labelling.key.name, .merge(patch))
            state.withLock { $0.sent[labelling.sentKey] = labelling.version }
            metrics?.labelled.increment()
            itemLogger.debug("labelled with bucket \(labelling.bucket)")
            return true
        } catch where error.kind == .conflict || error.kind == .notFound {
            // Changed or gone meanwhile: the next pass looks at it again.
            return false
        } catch {
            itemLogger.warning("cannot label with bucket \(labelling.bucket): \(error)")
            return false
        }
    }
}
