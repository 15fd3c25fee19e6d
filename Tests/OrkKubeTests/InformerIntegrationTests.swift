import Foundation
import OrkValue
import Synchronization
import Testing
@testable import OrkKube

/// The informer against a real kube-apiserver (scripts/kube-local).
@Suite(.enabled(if: LiveCluster.enabled, "needs ORK_KUBE_INTEGRATION=1 and a running scripts/kube-local"), .serialized)
struct InformerIntegrationTests {
    static let configMaps = LiveCluster.configMaps

    func configMap(_ name: String, _ namespace: String, data: [String: JSONValue] = ["v": "0"], owner: JSONValue? = nil,
                   annotations: [String: JSONValue] = [:]) -> JSONValue {
        // The label keeps out the kube-root-ca.crt ConfigMap the controller manager adds to every namespace.
        var metadata: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace), "labels": ["test": "informer"]]
        if let owner {
            metadata["ownerReferences"] = [["apiVersion": "v1", "kind": "ConfigMap",
                                            "name": owner.value(atDotted: "metadata.name") ?? "",
                                            "uid": owner.value(atDotted: "metadata.uid") ?? ""]]
        }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": .object(data)]
    }

    func set(_ kube: KubeClient, _ ns: String, _ name: String, _ value: String) async throws {
        _ = try await kube.patch(Self.configMaps, namespace: ns, name: name, .merge(["data": ["v": .string(value)]]))
    }

    /// name → resourceVersion of a fresh list.
    func freshVersions(_ kube: KubeClient, _ ns: String) async throws -> [String: String] {
        var versions: [String: String] = [:]
        for item in try await kube.listAll(Self.configMaps, namespace: ns, options: .init(labelSelector: "test=informer")).items {
            versions[item.value(atDotted: "metadata.name")?.stringValue ?? ""] = item.resourceVersion
        }
        return versions
    }

    func versions(_ informer: Informer) -> [String: String] {
        var versions: [String: String] = [:]
        for item in informer.list() { versions[item.value(atDotted: "metadata.name")?.stringValue ?? ""] = item.resourceVersion }
        return versions
    }

    /// Event descriptions by name only (resourceVersions are the server's): `added a`, `updated a`, `deleted a`.
    func names(_ events: [InformerEvent]) -> [String] {
        events.map { event in
            let name = event.object.value(atDotted: "metadata.name")?.stringValue ?? "?"
            switch event {
            case .added: return "added \(name)"
            case .updated: return "updated \(name)"
            case .deleted: return "deleted \(name)"
            case .resync: return "resync \(name)"
            }
        }
    }

    /// Replays events onto an empty map, checking each is consistent with what came before:
    /// no add of a present object, no update or delete of an absent one, updates start from the
    /// last delivered state and change the version. Returns name → resourceVersion.
    func replay(_ events: [InformerEvent]) -> [String: String] {
        var state: [String: JSONValue] = [:]
        for event in events {
            let name = event.object.value(atDotted: "metadata.name")?.stringValue ?? ""
            switch event {
            case .added(let object):
                #expect(state[name] == nil, "duplicate add of \(name)")
                state[name] = object
            case .updated(let old, let new):
                #expect(state[name]?.resourceVersion == old.resourceVersion, "update of \(name) skips a version")
                #expect(old.resourceVersion != new.resourceVersion, "duplicate update of \(name)")
                state[name] = new
            case .deleted:
                #expect(state[name] != nil, "delete of unknown \(name)")
                state[name] = nil
            case .resync(let object):
                #expect(state[name]?.resourceVersion == object.resourceVersion)
            }
        }
        return state.mapValues(\.resourceVersion)
    }

    func faultyClient() throws -> (KubeClient, WatchFaultTransport) {
        var config = try LiveCluster.config()
        config.qps = 500
        config.burst = 500
        let transport = WatchFaultTransport(inner: try HTTPClientTransport(config: config))
        return (try KubeClient(config: config, transport: transport), transport)
    }

    static func options(_ ns: String) -> InformerOptions {
        InformerOptions(namespace: ns, labelSelector: "test=informer", backoff: Backoff(initial: .milliseconds(50), maximum: .seconds(1)))
    }

    @Test func seesAddsUpdatesDeletesIndexesOwnersAndRunsMetadataOnly() async throws {
        let kube = try LiveCluster.client()
        try await LiveCluster.withNamespace(kube) { ns in
            let owner = try await kube.create(Self.configMaps, namespace: ns, configMap("owner", ns))
            let ownerUID = owner.uid
            let informer = Informer(client: kube, resource: Self.configMaps, options: Self.options(ns), indexers: [.ownerUID])
            var metadataOptions = Self.options(ns)
            metadataOptions.metadataOnly = true
            let metadata = Informer(client: kube, resource: Self.configMaps, options: metadataOptions)
            let events = informer.events()
            informer.start()
            metadata.start()
            #expect(await informer.waitUntilSynced())
            #expect(await metadata.waitUntilSynced())
            let applied = "{\"big\":\"" + String(repeating: "x", count: 1000) + "\"}"
            _ = try await kube.create(Self.configMaps, namespace: ns, configMap("child", ns, owner: owner,
                                      annotations: ["kubectl.kubernetes.io/last-applied-configuration": .string(applied), "keep": "1"]))
            _ = try await kube.create(Self.configMaps, namespace: ns, configMap("other", ns))
            try await set(kube, ns, "child", "1")
            try await kube.delete(Self.configMaps, namespace: ns, name: "other")
            #expect(names(try await take(5, from: events)) == ["added owner", "added child", "added other", "updated child", "deleted other"])
            #expect(informer.keys.map(\.name) == ["child", "owner"])
            let children = try informer.byIndex("ownerUID", ownerUID)
            #expect(children.map { $0.value(atDotted: "metadata.name") } == ["child"])
            let child = try #require(informer.get(namespace: ns, name: "child"))
            #expect(child.value(atDotted: "data.v") == "1")
            #expect(child.value(atDotted: "metadata.managedFields") == nil)
            #expect(child["metadata"]?["annotations"] == ["keep": "1"])
            #expect(child["kind"] == "ConfigMap" && child["apiVersion"] == "v1")
            // The metadata-only informer holds the same objects without their bodies.
            #expect(try await LiveCluster.eventually { metadata.keys == informer.keys })
            let partial = try #require(metadata.get(namespace: ns, name: "child"))
            #expect(partial["kind"] == "PartialObjectMetadata" && partial["data"] == nil)
            #expect(partial.resourceVersion == child.resourceVersion)
            #expect(partial.value(atDotted: "metadata.managedFields") == nil)
            await informer.stop()
            await metadata.stop()
            #expect(try await drain(events).isEmpty)
        }
        await kube.shutdown()
    }

    @Test func aForced410RelistsAndDeliversExactlyTheMissedChanges() async throws {
        let (kube, faults) = try faultyClient()
        try await LiveCluster.withNamespace(kube) { ns in
            for name in ["a", "b", "c"] { _ = try await kube.create(Self.configMaps, namespace: ns, configMap(name, ns)) }
            let informer = Informer(client: kube, resource: Self.configMaps, options: Self.options(ns))
            let events = informer.events()
            informer.start()
            #expect(await informer.waitUntilSynced())
            #expect(try await LiveCluster.eventually { faults.openWatches == 1 })
            // Break the watch and keep the informer away while things change.
            faults.hold(true)
            faults.cutWatches()
            _ = try await kube.create(Self.configMaps, namespace: ns, configMap("d", ns))
            try await set(kube, ns, "a", "1")
            try await kube.delete(Self.configMaps, namespace: ns, name: "b")
            try await set(kube, ns, "c", "1")
            try await set(kube, ns, "c", "2")
            // The resumed watch gets 410 Expired: the informer must relist.
            faults.expireNextWatch()
            faults.hold(false)
            #expect(try await LiveCluster.eventually { informer.stats.goneRelists == 1 && informer.stats.lists == 2 })
            #expect(try await LiveCluster.eventually { faults.openWatches == 1 })
            // Changes after the relist arrive through the new watch.
            _ = try await kube.create(Self.configMaps, namespace: ns, configMap("f", ns))
            try await set(kube, ns, "d", "1")
            let expected = try await freshVersions(kube, ns)
            #expect(try await LiveCluster.eventually { versions(informer) == expected })
            await informer.stop()
            let all = try await drain(events)
            #expect(names(all) == ["added a", "added b", "added c",                       // initial list
                                   "deleted b", "updated a", "updated c", "added d",      // the relist's difference
                                   "added f", "updated d"])                               // the new watch
            #expect(replay(all) == expected)
            #expect(versions(informer) == expected)
            #expect(informer.stats.goneRelists == 1)
            #expect(faults.realGone + faults.syntheticGone == 1)
            print("410 relist (\(faults.realGone == 1 ? "the server's own 410" : "410 line injected: the server's watch cache still reached back")): stats \(informer.stats.lists) lists, \(informer.stats.watches) watches, last error: \(informer.stats.lastError.map { "\($0)" } ?? "none")")
        }
        await kube.shutdown()
    }

    @Test func aBrokenWatchResumesFromItsVersionWithoutLosingEvents() async throws {
        let (kube, faults) = try faultyClient()
        try await LiveCluster.withNamespace(kube) { ns in
            for name in ["a", "b"] { _ = try await kube.create(Self.configMaps, namespace: ns, configMap(name, ns)) }
            let informer = Informer(client: kube, resource: Self.configMaps, options: Self.options(ns))
            let events = informer.events()
            informer.start()
            #expect(await informer.waitUntilSynced())
            #expect(try await LiveCluster.eventually { faults.openWatches == 1 })
            faults.hold(true)
            faults.cutWatches()
            _ = try await kube.create(Self.configMaps, namespace: ns, configMap("x", ns))
            try await set(kube, ns, "a", "1")
            try await kube.delete(Self.configMaps, namespace: ns, name: "b")
            try await set(kube, ns, "a", "2")
            faults.hold(false)
            let expected = try await freshVersions(kube, ns)
            #expect(try await LiveCluster.eventually { versions(informer) == expected })
            await informer.stop()
            let all = try await drain(events)
            // Resumed from the last version: every change, in order, each once, without a relist.
            #expect(names(all) == ["added a", "added b", "added x", "updated a", "deleted b", "updated a"])
            #expect(replay(all) == expected)
            #expect(informer.stats.lists == 1 && informer.stats.goneRelists == 0 && informer.stats.failures >= 1)
        }
        await kube.shutdown()
    }

    @Test func underChurnWithCutsAnd410sTheEventsReplayToTheServersState() async throws {
        let (kube, faults) = try faultyClient()
        try await LiveCluster.withNamespace(kube) { ns in
            let informer = Informer(client: kube, resource: Self.configMaps, options: Self.options(ns))
            let events = informer.events()
            informer.start()
            #expect(await informer.waitUntilSynced())
            let writer = Task {
                for step in 0..<240 {
                    let name = "o\(Int.random(in: 0..<12))"
                    do {
                        switch Int.random(in: 0..<3) {
                        case 0: _ = try await kube.create(Self.configMaps, namespace: ns, configMap(name, ns))
                        case 1: try await set(kube, ns, name, "\(step)")
                        default: try await kube.delete(Self.configMaps, namespace: ns, name: name)
                        }
                    } catch let error as KubeError where [.notFound, .alreadyExists].contains(error.kind) {
                    } catch {
                        Issue.record("writer: \(error)")
                    }
                }
            }
            for round in 0..<4 {
                try await Task.sleep(for: .milliseconds(150))
                if round % 2 == 0 { faults.expireNextWatch() }
                faults.hold(true)
                faults.cutWatches()
                try await Task.sleep(for: .milliseconds(100))
                faults.hold(false)
            }
            await writer.value
            let expected = try await freshVersions(kube, ns)
            #expect(try await LiveCluster.eventually { versions(informer) == expected })
            await informer.stop()
            let all = try await drain(events)
            #expect(replay(all) == expected)
            print("churn: 410s from the server \(faults.realGone), injected \(faults.syntheticGone); \(all.count) events, \(informer.stats.lists) lists (\(informer.stats.goneRelists) after 410), \(informer.stats.watches) watches, \(expected.count) objects left")
            #expect(informer.stats.goneRelists >= 1)
        }
        await kube.shutdown()
    }
}
