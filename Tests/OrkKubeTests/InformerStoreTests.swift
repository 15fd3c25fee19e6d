import OrkValue
import Testing
@testable import OrkKube

/// The informer's pure parts: store and indexes, trimming, relist diff, backoff, event fan-out.
@Suite struct InformerStoreTests {
    @Test func storedObjectsDropManagedFieldsAndTheLastAppliedAnnotation() {
        let object: JSONValue = [
            "kind": "ConfigMap",
            "metadata": ["name": "a", "managedFields": [["manager": "kubectl"]],
                         "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{…}", "keep": "me"]],
            "data": ["x": "1"],
        ]
        let trimmed = InformerTrim.trim(object)
        #expect(trimmed.value(atDotted: "metadata.managedFields") == nil)
        #expect(trimmed["metadata"]?["annotations"] == ["keep": "me"])
        #expect(trimmed["data"] == ["x": "1"])
        // An annotation map left empty disappears; objects without metadata are left alone.
        let only: JSONValue = ["metadata": ["name": "b", "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{}"]]]
        #expect(InformerTrim.trim(only) == ["metadata": ["name": "b"]])
        #expect(InformerTrim.trim(["x": 1]) == ["x": 1])
        #expect(InformerTrim.trim(.string("odd")) == .string("odd"))
    }

    @Test func storeKeepsSecondaryIndexesInStep() {
        var store = InformerStore(indexers: [.ownerUID, .orkestraOwnerUID, .namespace])
        let label = "orkestra.orkspace.io/owner-uid"
        #expect(store.upsert(configMap("a", rv: "1", owners: ["o1"])) == .added(configMap("a", rv: "1", owners: ["o1"])))
        _ = store.upsert(configMap("b", rv: "2", owners: ["o1", "o2"]))
        _ = store.upsert(configMap("c", namespace: "other", rv: "3", labels: [label: "o2"]))
        #expect(store.objects(index: "ownerUID", value: "o1")?.map(\.resourceVersion) == ["1", "2"])
        #expect(store.objects(index: "ownerUID", value: "o2")?.map(\.resourceVersion) == ["2"])
        #expect(store.objects(index: "orkestraOwnerUID", value: "o2")?.count == 1)
        #expect(store.objects(index: "namespace", value: "other")?.count == 1)
        #expect(store.objects(index: "nope", value: "x") == nil)
        // b changes owners: the index follows.
        let event = store.upsert(configMap("b", rv: "4", owners: ["o3"]))
        #expect(event == .updated(old: configMap("b", rv: "2", owners: ["o1", "o2"]), new: configMap("b", rv: "4", owners: ["o3"])))
        #expect(store.objects(index: "ownerUID", value: "o1")?.count == 1)
        #expect(store.objects(index: "ownerUID", value: "o2") == [])
        #expect(store.indexValues("ownerUID") == ["o1", "o3"])
        // Same resourceVersion again: not a change.
        #expect(store.upsert(configMap("b", rv: "4", owners: ["o3"])) == nil)
        // Delete reports the server's final state and empties the index.
        #expect(store.delete(configMap("a", rv: "5", owners: ["o1"])) == .deleted(configMap("a", rv: "5", owners: ["o1"])))
        #expect(store.delete(configMap("a", rv: "6")) == nil)
        #expect(store.indexValues("ownerUID") == ["o3"])
        // An index added later is built from what is stored.
        store.addIndexer(.label(label))
        #expect(store.objects(index: "label:\(label)", value: "o2")?.count == 1)
        #expect(store.count == 2)
    }

    struct DiffCase: Sendable, CustomTestStringConvertible {
        let name: String
        let stored: [JSONValue]
        let listed: [JSONValue]
        let expected: [String]
        var testDescription: String { name }
    }

    static let diffCases: [DiffCase] = [
        DiffCase(name: "nothing changed", stored: [configMap("a", rv: "1"), configMap("b", rv: "2")],
                 listed: [configMap("b", rv: "2"), configMap("a", rv: "1")], expected: []),
        DiffCase(name: "initial list", stored: [], listed: [configMap("b", rv: "2"), configMap("a", rv: "1")],
                 expected: ["added a@1", "added b@2"]),
        DiffCase(name: "everything gone", stored: [configMap("a", rv: "1"), configMap("b", rv: "2")], listed: [],
                 expected: ["deleted a@1", "deleted b@2"]),
        DiffCase(name: "add, update, delete, unchanged",
                 stored: [configMap("a", rv: "1"), configMap("b", rv: "2"), configMap("c", rv: "3")],
                 listed: [configMap("a", rv: "1"), configMap("b", rv: "7"), configMap("d", rv: "8")],
                 expected: ["deleted c@3", "updated b@2→7", "added d@8"]),
        DiffCase(name: "re-created with a new UID", stored: [configMap("a", rv: "1", uid: "u1")],
                 listed: [configMap("a", rv: "9", uid: "u2")], expected: ["deleted a@1", "added a@9"]),
        DiffCase(name: "same name in two namespaces",
                 stored: [configMap("a", namespace: "x", rv: "1")],
                 listed: [configMap("a", namespace: "x", rv: "1"), configMap("a", namespace: "y", rv: "2")],
                 expected: ["added a@2"]),
        DiffCase(name: "items without a name are ignored", stored: [],
                 listed: [["metadata": ["resourceVersion": "1"]], configMap("a", rv: "2")], expected: ["added a@2"]),
    ]

    @Test(arguments: diffCases)
    func relistDiff(_ diffCase: DiffCase) {
        var stored: [ObjectKey: JSONValue] = [:]
        for object in diffCase.stored { if let key = ObjectKey(of: object) { stored[key] = object } }
        #expect(describe(RelistDiff.events(stored: stored, listed: diffCase.listed)) == diffCase.expected)
        // Replacing the store applies exactly those events and ends equal to the list.
        var store = InformerStore(indexers: [.ownerUID])
        for object in diffCase.stored { _ = store.upsert(object) }
        #expect(describe(store.replace(with: diffCase.listed)) == diffCase.expected)
        let listedKeys = Set(diffCase.listed.compactMap { ObjectKey(of: $0) })
        #expect(Set(store.objects.keys) == listedKeys)
    }

    @Test func backoffGrowsIsCappedAndJittered() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5), factor: 2, jitter: 0.5)
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(100))
        #expect(backoff.ceiling(attempt: 1) == .milliseconds(100))
        #expect(backoff.ceiling(attempt: 2) == .milliseconds(200))
        #expect(backoff.ceiling(attempt: 4) == .milliseconds(800))
        #expect(backoff.ceiling(attempt: 7) == .seconds(5))
        #expect(backoff.ceiling(attempt: 10_000) == .seconds(5))
        #expect(backoff.delay(attempt: 3, random: 0) == .milliseconds(400))
        #expect(backoff.delay(attempt: 3, random: 1) == .milliseconds(200))
        for attempt in 1...40 {
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt)
                let ceiling = backoff.ceiling(attempt: attempt)
                #expect(delay <= ceiling && delay >= ceiling / 2 && delay <= .seconds(5))
            }
        }
        let none = Backoff(initial: .seconds(1), maximum: .seconds(1), factor: 2, jitter: 0)
        #expect(none.delay(attempt: 9) == .seconds(1))
    }

    @Test func fanoutHoldsTheProducerWhileASubscriberIsFullAndLosesNothing() async throws {
        let fanout = EventFanout(capacity: 2)
        let events = InformerEvents(subscription: .init(fanout: fanout, id: fanout.subscribe(replay: [])))
        let producer = Task {
            for index in 0..<10 {
                fanout.publish([.added(configMap("o\(index)", rv: "\(index)"))])
                await fanout.waitForRoom()
            }
            fanout.finish()
        }
        try await Task.sleep(for: .milliseconds(100))
        var received: [InformerEvent] = []
        for await event in events {
            received.append(event)
            try await Task.sleep(for: .milliseconds(5))
        }
        await producer.value
        #expect(describe(received) == (0..<10).map { "added o\($0)@\($0)" })
        #expect(fanout.subscriberCount == 0)
    }

    @Test func droppedAndCancelledSubscribersNeverBlockTheProducer() async {
        let fanout = EventFanout(capacity: 1)
        do {
            let dropped = InformerEvents(subscription: .init(fanout: fanout, id: fanout.subscribe(replay: [])))
            _ = dropped
        }
        let cancelled = InformerEvents(subscription: .init(fanout: fanout, id: fanout.subscribe(replay: [])))
        let consumer = Task { for await _ in cancelled {} }
        consumer.cancel()
        await consumer.value
        #expect(fanout.subscriberCount == 0)
        fanout.publish([.added(configMap("a", rv: "1"))])
        await fanout.waitForRoom()  // returns at once: nobody to wait for
        cancelled.cancel()
    }
}
