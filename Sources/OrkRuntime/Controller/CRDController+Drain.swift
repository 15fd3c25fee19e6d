import Logging
import OrkKube
import OrkValue

/// The member's side of a move (sharding): a CR labelled for draining is not reconciled here again,
/// and once its reconcile in flight finished, this member removes its shard labels — the
/// acknowledgement that lets the coordinator give it to the next member.
extension CRDController {
    /// Tracks drain requests and withdrawals; true when the event is consumed (a draining CR).
    func noteDrain(_ event: InformerEvent, key: ObjectKey) -> Bool {
        switch event {
        case .deleted:
            // Gone, or no longer labelled for this member (the acknowledgement landed).
            drains.end(key)
            return false
        case .added(let object), .updated(_, let object), .resync(let object):
            guard Self.isDraining(object) else {
                drains.end(key)
                return false
            }
            if drains.begin(key) { drainRequests.continuation.yield(key) }
            return true
        }
    }

    static func isDraining(_ object: JSONValue) -> Bool {
        object["metadata"]?["labels"]?[ShardNames.drainLabel]?.stringValue == "true"
    }

    /// Acknowledges drain requests as they come, several at once (each waits for its own reconcile).
    func acknowledgeDrains(client: KubeClient, informer: Informer) async {
        await withTaskGroup(of: Void.self) { group in
            for await key in drainRequests.stream {
                group.addTask { await self.acknowledge(key, client: client, informer: informer) }
            }
        }
    }

    /// Waits for the reconcile in flight, then removes the shard labels under the cached
    /// resourceVersion. Until that lands it keeps trying while the drain stands (a conflict at once
    /// from the newer state; any other failure — the API server, or this member's fence closing for a
    /// moment under load — after a pause growing to 5 s): an abandoned acknowledgement would leave the
    /// CR with nobody reconciling it (found by scripts/shard-check). If this member's Lease is really
    /// lost it leaves the ring (`ShardRole`) and the coordinator reassigns the CR.
    private func acknowledge(_ key: ObjectKey, client: KubeClient, informer: Informer) async {
        await drains.waitUntilIdle(key)
        var itemLogger = logger
        itemLogger[metadataKey: "key"] = "\(key)"
        var pause = Duration.milliseconds(100)
        var failures = 0
        while !Task.isCancelled {
            guard drains.isDraining(key), let object = informer.get(key), Self.isDraining(object),
                  let resource = crResource else { return }
            let version = object["metadata"]?["resourceVersion"]?.stringValue ?? ""
            let patch: JSONValue = ["metadata": ["resourceVersion": .string(version),
                                                 "labels": [ShardNames.ownerLabel: .null, ShardNames.drainLabel: .null]]]
            do throws(KubeError) {
                _ = try await client.patch(resource, namespace: key.namespace, name: key.name, .merge(patch))
                itemLogger.info("handed over: shard labels removed for the next member")
                return
            } catch {
                failures += 1
                if error.kind != .conflict, failures == 1 || failures % 10 == 0 {
                    itemLogger.warning("drain acknowledgement failed \(failures) times, trying again in \(pause): \(error)")
                }
                if error.kind == .notFound { return }
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }
}
