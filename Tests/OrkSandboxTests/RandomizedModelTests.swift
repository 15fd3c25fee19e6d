import Testing
import OrkValue
import OrkTestSupport
@testable import OrkSandbox

/// Thousands of random operations against a simple model of what the store should hold.
/// Invariants: resourceVersion never decreases (and grows with every write), lists equal the model,
/// and replaying a watch (live, or resumed from the start) reconstructs exactly the final state.
@Suite struct RandomizedModelTests {
    struct Entry: Equatable {
        var data: [String: String] = [:]
        var finalizers: [String] = []
        var deleting = false
        var resourceVersion = ""
    }

    enum NamespaceState { case active, terminating, absent }

    final class Model {
        var objects: [String: [String: Entry]] = [:]
        var namespaces: [String: NamespaceState] = ["default": .active, "a": .active, "b": .active]

        func entry(_ namespace: String, _ name: String) -> Entry? { objects[namespace]?[name] }
        func set(_ namespace: String, _ name: String, _ entry: Entry?) {
            objects[namespace, default: [:]][name] = entry
            if objects[namespace]?.isEmpty ?? false { objects[namespace] = nil }
            if entry == nil, namespaces[namespace] == .terminating, objects[namespace] == nil { namespaces[namespace] = .absent }
        }
    }

    static func entry(from object: JSONValue) -> Entry {
        Entry(data: (object["data"]?.objectValue ?? [:]).compactMapValues(\.stringValue), finalizers: object.finalizers,
              deleting: object.isBeingDeleted, resourceVersion: object.objectResourceVersion)
    }

    @Test func randomOperationsKeepTheInvariants() async throws {
        var random = SplitMix64(state: 20_260_121)
        let store = try SandboxStore(historyLimit: 100_000, watchBufferLimit: 100_000)
        let model = Model()
        for namespace in ["a", "b"] {
            _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]], fieldManager: nil)
        }
        let startVersion = await store.resourceVersion
        let live = EventLog(try await store.watch(Res.configMaps, namespace: nil, options: .init(allowBookmarks: true)))
        var lastVersion = startVersion
        let names = ["n0", "n1", "n2", "n3", "n4", "n5"]
        let namespaces = ["default", "a", "b"]
        var counts: [String: Int] = [:]

        for step in 0..<3000 {
            let namespace = namespaces[Int(random.next() % 3)]
            let name = names[Int(random.next() % UInt64(names.count))]
            let value = "v\(random.next() % 5)"
            let existing = model.entry(namespace, name)
            let roll = random.next() % 100
            let outcome = await failure {
                switch roll {
                case 0..<22:
                    let finalizers: JSONValue = random.next() % 3 == 0 ? ["example.com/f"] : []
                    let body = configMap(name, data: ["k": value], extraMetadata: ["finalizers": finalizers])
                    let created = try await store.create(Res.configMaps, namespace: namespace, object: body, fieldManager: "creator")
                    model.set(namespace, name, Self.entry(from: created))
                case 22..<34:
                    var body = configMap(name, data: ["k": value, "u": value])
                    if let existing {
                        body.updateMetadata {
                            $0["resourceVersion"] = .string(existing.resourceVersion)
                            $0["finalizers"] = .array(existing.finalizers.map { .string($0) })
                        }
                    }
                    let updated = try await store.update(Res.configMaps, namespace: namespace, name: name, object: body, subresource: nil)
                    model.set(namespace, name, Self.entry(from: updated))
                case 34..<40:
                    let body = configMap(name, data: ["k": value], extraMetadata: ["resourceVersion": "1"])
                    _ = try await store.update(Res.configMaps, namespace: namespace, name: name, object: body, subresource: nil)
                    Issue.record("a stale update succeeded")
                case 40..<52:
                    let patch: JSONValue = ["data": ["k": random.next() % 4 == 0 ? nil : .string(value)]]
                    let patched = try await store.patch(Res.configMaps, namespace: namespace, name: name, patch: .merge(patch), subresource: nil)
                    model.set(namespace, name, Self.entry(from: patched))
                case 52..<62:
                    let manager = random.next() % 2 == 0 ? "m1" : "m2"
                    let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": [.init(stringLiteral: manager): .string(value)]]
                    let applied = try await store.patch(Res.configMaps, namespace: namespace, name: name,
                                                        patch: .apply(config, fieldManager: manager, force: true), subresource: nil)
                    model.set(namespace, name, Self.entry(from: applied))
                case 62..<76:
                    let result = try await store.delete(Res.configMaps, namespace: namespace, name: name, options: .init())
                    if result["kind"] == "Status" { model.set(namespace, name, nil) } else { model.set(namespace, name, Self.entry(from: result)) }
                case 76..<86:
                    let result = try await store.patch(Res.configMaps, namespace: namespace, name: name,
                                                       patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
                    model.set(namespace, name, (existing?.deleting ?? false) ? nil : Self.entry(from: result))
                case 86..<94:
                    let result = try await store.patch(Res.configMaps, namespace: namespace, name: name,
                                                       patch: .json([["op": "add", "path": "/metadata/finalizers", "value": ["example.com/f"]]]), subresource: nil)
                    model.set(namespace, name, Self.entry(from: result))
                case 94..<95:
                    _ = try await store.delete(Res.namespaces, namespace: nil, name: namespace, options: .init())
                    if model.namespaces[namespace] == .active {
                        model.namespaces[namespace] = .terminating
                        for (objectName, entry) in model.objects[namespace] ?? [:] {
                            if entry.finalizers.isEmpty {
                                model.set(namespace, objectName, nil)
                            } else {
                                model.set(namespace, objectName, Entry(data: entry.data, finalizers: entry.finalizers, deleting: true,
                                                                       resourceVersion: try await store.get(Res.configMaps, namespace: namespace, name: objectName).objectResourceVersion))
                            }
                        }
                        if model.objects[namespace] == nil { model.namespaces[namespace] = .absent }
                    }
                default:
                    _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]], fieldManager: nil)
                    model.namespaces[namespace] = .active
                }
            }
            counts[outcome.map { "\($0.code)" } ?? "ok", default: 0] += 1

            // What the model says the outcome must be.
            let state = model.namespaces[namespace] ?? .absent
            if let outcome {
                switch outcome.code {
                case 404:
                    let createLike = roll < 22 || (roll >= 52 && roll < 62 && existing == nil)
                    if createLike {
                        #expect(state == .absent, "step \(step): 404 on create in \(namespace)")
                    } else if roll < 94 {
                        #expect(existing == nil, "step \(step): 404 for an existing object")
                    } else {
                        #expect(state == .absent, "step \(step): 404 deleting namespace \(namespace)")
                    }
                case 409:
                    if roll < 22 || roll >= 95 {
                        #expect(existing != nil || roll >= 95, "step \(step): AlreadyExists for a new object")
                    } else {
                        #expect(roll >= 34 && roll < 40, "step \(step): unexpected conflict \(outcome.message)")
                    }
                case 403:
                    #expect(state == .terminating || namespace == "default", "step \(step): forbidden in \(state)")
                case 422:
                    #expect(roll >= 86 && roll < 94 && existing?.deleting == true || roll < 94, "step \(step): \(outcome.message)")
                default:
                    Issue.record("step \(step): unexpected \(outcome)")
                }
            } else {
                #expect(!(roll >= 34 && roll < 40), "step \(step): stale update accepted")
                if roll < 22 { #expect(existing == nil && state == .active, "step \(step): create succeeded over \(String(describing: existing))") }
            }

            let version = await store.resourceVersion
            #expect(version >= lastVersion, "step \(step): resourceVersion went back")
            lastVersion = version

            if step % 250 == 249 {
                try await Self.expectListMatches(store, model, step: step)
            }
        }
        try await Self.expectListMatches(store, model, step: 3000)
        #expect((counts["ok"] ?? 0) > 1000 && counts.count > 3, "\(counts)")

        // Replaying the watches reconstructs the final state exactly.
        let final = try await store.list(Res.configMaps, namespace: nil, options: .init())
        let expected = Dictionary(uniqueKeysWithValues: final.items.map { ("\($0.objectNamespace)/\($0.objectName)", $0) })
        await store.sendBookmarks()
        let liveEvents = await live.settled(until: { $0.last?.type == "BOOKMARK" })
        #expect(liveEvents.last?.type == "BOOKMARK")
        #expect(Self.replay(liveEvents) == expected)
        let resumed = EventLog(try await store.watch(Res.configMaps, namespace: nil, options: .init(resourceVersion: String(startVersion), allowBookmarks: true)))
        await store.sendBookmarks()
        let resumedEvents = await resumed.settled(until: { $0.last?.type == "BOOKMARK" })
        #expect(Self.replay(resumedEvents) == expected)
        let versions = resumedEvents.filter { $0.type != "BOOKMARK" }.compactMap { Int64($0.object.objectResourceVersion) }
        #expect(versions == versions.sorted() && Set(versions).count == versions.count, "watch events arrive in resourceVersion order")
        await live.stop()
        await resumed.stop()
    }

    static func replay(_ events: [SandboxWatchEvent]) -> [String: JSONValue] {
        var state: [String: JSONValue] = [:]
        for event in events {
            let key = "\(event.object.objectNamespace)/\(event.object.objectName)"
            switch event.type {
            case "ADDED", "MODIFIED": state[key] = event.object
            case "DELETED": state[key] = nil
            default: break
            }
        }
        return state
    }

    static func expectListMatches(_ store: SandboxStore, _ model: Model, step: Int) async throws {
        let listed = try await store.list(Res.configMaps, namespace: nil, options: .init())
        var actual: [String: Entry] = [:]
        for item in listed.items { actual["\(item.objectNamespace)/\(item.objectName)"] = entry(from: item) }
        var expected: [String: Entry] = [:]
        for (namespace, objects) in model.objects {
            for (name, entry) in objects { expected["\(namespace)/\(name)"] = entry }
        }
        #expect(actual == expected, "step \(step): list differs from the model")
        let namespaces = try await store.list(Res.namespaces, namespace: nil, options: .init()).items
        for (name, state) in model.namespaces {
            let found = namespaces.first { $0.objectName == name }
            switch state {
            case .absent: #expect(found == nil, "step \(step): namespace \(name) should be gone")
            case .active: #expect(found?["status"]?["phase"] == "Active", "step \(step): namespace \(name) should be active")
            case .terminating: #expect(found?["status"]?["phase"] == "Terminating", "step \(step): namespace \(name) should be terminating")
            }
        }
    }
}
