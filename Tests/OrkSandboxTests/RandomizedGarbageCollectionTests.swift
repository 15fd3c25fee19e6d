import Testing
import OrkValue
import OrkTestSupport
@testable import OrkSandbox

/// Random owner graphs, deletes with every propagation policy and finalizer removals, checked after every
/// step against the garbage collector's invariants, then against a watch replay.
@Suite struct RandomizedGarbageCollectionTests {
    @Test func ownerGraphsStayConsistent() async throws {
        var random = SplitMix64(state: 7_341)
        let store = try SandboxStore(historyLimit: 100_000, watchBufferLimit: 100_000)
        let start = await store.resourceVersion
        var created = 0
        var deletes = 0
        for step in 0..<1500 {
            let objects = try await store.list(Res.configMaps, namespace: "default", options: .init()).items
            let roll = random.next() % 100
            if roll < 45 || objects.isEmpty {
                var owners: [JSONValue] = []
                for _ in 0..<Int(random.next() % 3) where !objects.isEmpty {
                    let owner = objects[Int(random.next() % UInt64(objects.count))]
                    if !owners.contains(where: { $0["uid"]?.stringValue == owner.objectUID }) {
                        owners.append(ownerReference(owner, block: random.next() % 2 == 0))
                    }
                }
                var metadata: [String: JSONValue] = ["generateName": "o-"]
                if !owners.isEmpty { metadata["ownerReferences"] = .array(owners) }
                if random.next() % 4 == 0 { metadata["finalizers"] = ["example.com/f"] }
                let error = await failure {
                    try await store.create(Res.configMaps, namespace: "default", object: ["metadata": .object(metadata)], fieldManager: nil)
                }
                #expect(error == nil, "step \(step): \(String(describing: error))")
                created += 1
            } else if roll < 75 {
                let target = objects[Int(random.next() % UInt64(objects.count))]
                let policy = [nil, "Background", "Foreground", "Orphan"][Int(random.next() % 4)]
                let error = await failure {
                    try await store.delete(Res.configMaps, namespace: "default", name: target.objectName, options: .init(propagationPolicy: policy))
                }
                #expect(error == nil, "step \(step): \(String(describing: error))")
                deletes += 1
            } else if roll < 92 {
                let held = objects.filter { $0.finalizers.contains("example.com/f") }
                guard !held.isEmpty else { continue }
                let target = held[Int(random.next() % UInt64(held.count))]
                let kept: [JSONValue] = target.finalizers.filter { $0 != "example.com/f" }.map { .string($0) }
                let error = await failure {
                    try await store.patch(Res.configMaps, namespace: "default", name: target.objectName,
                                          patch: .merge(["metadata": ["finalizers": kept.isEmpty ? nil : .array(kept)]]), subresource: nil)
                }
                #expect(error == nil, "step \(step): \(String(describing: error))")
            } else {
                let target = objects[Int(random.next() % UInt64(objects.count))]
                let owner = objects[Int(random.next() % UInt64(objects.count))]
                guard !target.isBeingDeleted, owner.objectUID != target.objectUID else { continue }
                var references = target["metadata"]?["ownerReferences"]?.arrayValue ?? []
                guard !references.contains(where: { $0["uid"]?.stringValue == owner.objectUID }) else { continue }
                references.append(ownerReference(owner, block: true))
                let error = await failure {
                    try await store.patch(Res.configMaps, namespace: "default", name: target.objectName,
                                          patch: .merge(["metadata": ["ownerReferences": .array(references)]]), subresource: nil)
                }
                #expect(error == nil, "step \(step): \(String(describing: error))")
            }
            try await Self.expectInvariants(store, step: step)
        }
        #expect(created > 500 && deletes > 300)
        #expect(await store.lastBackgroundError == nil)

        let final = try await store.list(Res.configMaps, namespace: "default", options: .init()).items
        let replay = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(start), allowBookmarks: true)))
        await store.sendBookmarks()
        let events = await replay.settled(until: { $0.last?.type == "BOOKMARK" })
        #expect(RandomizedModelTests.replay(events) == Dictionary(uniqueKeysWithValues: final.map { ("default/\($0.objectName)", $0) }))
        await replay.stop()
    }

    static func expectInvariants(_ store: SandboxStore, step: Int) async throws {
        let objects = try await store.list(Res.configMaps, namespace: "default", options: .init()).items
        let byUID = Dictionary(uniqueKeysWithValues: objects.map { ($0.objectUID, $0) })
        for object in objects {
            let name = object.objectName
            #expect(!object.finalizers.contains("orphan"), "step \(step): \(name) still has the orphan finalizer")
            if object.isBeingDeleted {
                #expect(!object.finalizers.isEmpty, "step \(step): \(name) is deleted but still stored")
            } else {
                for owner in object.ownerReferences {
                    let found = byUID[owner.uid]
                    #expect(found != nil, "step \(step): \(name) kept a dangling owner reference")
                    #expect(!(found?.finalizers.contains("foregroundDeletion") ?? false),
                            "step \(step): \(name) survives an owner in foreground deletion")
                }
            }
            if object.finalizers.contains("foregroundDeletion") {
                #expect(object.isBeingDeleted, "step \(step): \(name) has foregroundDeletion without being deleted")
                let blocking = objects.contains { dependent in
                    dependent.ownerReferences.contains { $0.uid == object.objectUID && $0.blockOwnerDeletion }
                }
                #expect(blocking, "step \(step): \(name) waits in foreground deletion with nothing blocking it")
            }
        }
    }
}
