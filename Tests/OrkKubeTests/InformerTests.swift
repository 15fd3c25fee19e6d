import OrkValue
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkKube

/// The informer's list/watch loop against a scripted API server.
@Suite struct InformerTests {
    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)

    static func kube(_ transport: some KubeTransport) throws -> KubeClient {
        try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: 10_000, burst: 10_000), transport: transport,
                       retry: .none)
    }

    /// Answers the n-th list (0-based) with `lists[n]` (the last one repeats).
    static func lists(_ lists: [KubeResponse]) -> ScriptedWatchTransport {
        let counter = Mutex(0)
        return ScriptedWatchTransport { _ in
            let index = counter.withLock { count in
                defer { count += 1 }
                return count
            }
            return lists[min(index, lists.count - 1)]
        }
    }

    static let fast = InformerOptions(namespace: "ns", backoff: Backoff(initial: .milliseconds(5), maximum: .milliseconds(20)))

    @Test func listsThenWatchesAndReportsEachChangeOnce() async throws {
        let transport = Self.lists([listBody([configMap("a", rv: "1"), configMap("b", rv: "2")], rv: "10")])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast,
                                indexers: [.ownerUID])
        let events = informer.events()
        informer.start()
        #expect(await informer.waitUntilSynced())
        #expect(describe(try await take(2, from: events)) == ["added a@1", "added b@2"])
        let watch = try await transport.watch(0)
        #expect(watch.query("resourceVersion") == "10")
        #expect(watch.query("allowWatchBookmarks") == "true")
        #expect(watch.request.path == "/api/v1/namespaces/ns/configmaps")
        watch.send("MODIFIED", configMap("a", rv: "11", data: ["x": "1"]))
        watch.send("ADDED", configMap("c", rv: "12", owners: ["o1"]))
        watch.send("ADDED", configMap("c", rv: "12", owners: ["o1"]))  // a replay: not a change
        watch.send("DELETED", configMap("b", rv: "13"))
        #expect(describe(try await take(3, from: events)) == ["updated a@1→11", "added c@12", "deleted b@13"])
        #expect(informer.resourceVersion == "13")
        #expect(informer.keys.map(\.description) == ["ns/a", "ns/c"])
        #expect(informer.get(namespace: "ns", name: "a")?["data"] == ["x": "1"])
        #expect(try informer.byIndex("ownerUID", "o1").count == 1)
        #expect(throws: InformerError.self) { try informer.byIndex("missing", "x") }
        #expect(throws: InformerError.self) { try informer.addIndexer(.ownerUID) }
        await informer.stop()
        #expect(try await drain(events).isEmpty)
        #expect(transport.listRequests.count == 1)
    }

    /// `keep` decides what the store holds of listed and watched objects alike; the loop still
    /// follows resource versions and changes from what is kept.
    @Test func keptFieldsAreAllTheStoreHolds() async throws {
        let transport = Self.lists([listBody([configMap("a", rv: "1", data: ["big": "x"])], rv: "10")])
        var options = Self.fast
        options.keep = { object in
            .object(["metadata": .object(["name": object["metadata"]?["name"] ?? .null,
                                          "namespace": object["metadata"]?["namespace"] ?? .null,
                                          "resourceVersion": object["metadata"]?["resourceVersion"] ?? .null])])
        }
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        let events = informer.events()
        informer.start()
        #expect(await informer.waitUntilSynced())
        #expect(describe(try await take(1, from: events)) == ["added a@1"])
        let watch = try await transport.watch(0)
        watch.send("MODIFIED", configMap("a", rv: "11", data: ["big": "y"]))
        watch.send("ADDED", configMap("b", rv: "12", data: ["big": "z"]))
        #expect(describe(try await take(2, from: events)) == ["updated a@1→11", "added b@12"])
        for name in ["a", "b"] {
            let object = try #require(informer.get(namespace: "ns", name: name))
            #expect(object["data"] == nil && object["kind"] == nil && object["metadata"]?["name"] == .string(name))
        }
        #expect(informer.resourceVersion == "12")
        await informer.stop()
    }

    @Test func bookmarksAdvanceTheResourceVersionAWatchResumesFrom() async throws {
        let transport = Self.lists([listBody([configMap("a", rv: "1")], rv: "5")])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        let events = informer.events()
        informer.start()
        _ = try await take(1, from: events)
        let first = try await transport.watch(0)
        first.bookmark("50")
        #expect(try await eventually { informer.resourceVersion == "50" })
        first.end()  // the server's timeout
        let second = try await transport.watch(1)
        #expect(second.query("resourceVersion") == "50")
        await informer.stop()
        #expect(try await drain(events).isEmpty)  // bookmarks are not events
        #expect(informer.stats.bookmarks == 1)
        #expect(transport.listRequests.count == 1)
    }

    @Test func goneRelistsAndEmitsExactlyTheDifference() async throws {
        let transport = Self.lists([
            listBody([configMap("a", rv: "1"), configMap("b", rv: "2"), configMap("c", rv: "3")], rv: "3"),
            listBody([configMap("a", rv: "4"), configMap("b", rv: "5"), configMap("d", rv: "6")], rv: "6"),
        ])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        let events = informer.events()
        informer.start()
        _ = try await take(3, from: events)
        let watch = try await transport.watch(0)
        watch.send("MODIFIED", configMap("a", rv: "4"))  // seen before the 410…
        watch.error(code: 410)
        let next = try await transport.watch(1)
        #expect(next.query("resourceVersion") == "6")
        await informer.stop()
        // …so the relist reports nothing for a (same version), only what was missed.
        #expect(describe(try await drain(events)) == ["updated a@1→4", "deleted c@3", "updated b@2→5", "added d@6"])
        #expect(informer.stats.goneRelists == 1)
        #expect(transport.listRequests.count == 2)
    }

    /// A new selector ends the watch in progress (even one that delivers nothing), lists with the
    /// selector and publishes only the difference, then watches with it; `reselect` returns once
    /// that list is stored, at once when nothing changes, and false after the informer stopped.
    @Test func reselectingListsWithTheNewSelectorAndPublishesTheDifference() async throws {
        let transport = Self.lists([
            listBody([configMap("a", rv: "1"), configMap("b", rv: "2")], rv: "5"),
            listBody([configMap("b", rv: "2"), configMap("c", rv: "4")], rv: "7"),
        ])
        var options = Self.fast
        options.labelSelector = "bucket in (1)"
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        let events = informer.events()
        informer.start()
        _ = try await take(2, from: events)
        let idle = try await transport.watch(0)
        #expect(idle.query("labelSelector") == "bucket in (1)")
        #expect(await informer.reselect(labelSelector: "bucket in (2)"))
        #expect(informer.labelSelector == "bucket in (2)")
        #expect(transport.listRequests.count == 2)
        #expect(transport.listRequests.last?.query.first { $0.0 == "labelSelector" }?.1 == "bucket in (2)")
        #expect(informer.keys.map(\.description) == ["ns/b", "ns/c"])
        let next = try await transport.watch(1)
        #expect(next.query("labelSelector") == "bucket in (2)")
        #expect(next.query("resourceVersion") == "7")
        #expect(await informer.reselect(labelSelector: "bucket in (2)"))
        #expect(transport.listRequests.count == 2)
        await informer.stop()
        #expect(describe(try await drain(events)) == ["deleted a@1", "added c@4"])
        #expect(await informer.reselect(labelSelector: "bucket in (3)") == false)
    }

    @Test func goneAfterMissedChangesReportsEachMissedChangeOnce() async throws {
        let transport = Self.lists([
            listBody([configMap("a", rv: "1"), configMap("b", rv: "2"), configMap("c", rv: "3")], rv: "3"),
            listBody([configMap("a", rv: "1"), configMap("b", rv: "5"), configMap("d", rv: "6")], rv: "6"),
        ])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        let events = informer.events()
        informer.start()
        #expect(describe(try await take(3, from: events)) == ["added a@1", "added b@2", "added c@3"])
        try await transport.watch(0).error(code: 410)
        _ = try await transport.watch(1)
        await informer.stop()
        #expect(describe(try await drain(events)) == ["deleted c@3", "updated b@2→5", "added d@6"])
        #expect(informer.list().map(\.resourceVersion) == ["1", "5", "6"])
    }

    @Test func brokenWatchesResumeFromTheLastVersionWithoutRelisting() async throws {
        let transport = Self.lists([listBody([configMap("a", rv: "1")], rv: "1")])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        let events = informer.events()
        informer.start()
        _ = try await take(1, from: events)
        let first = try await transport.watch(0)
        first.send("MODIFIED", configMap("a", rv: "7"))
        first.cut()
        let second = try await transport.watch(1)
        #expect(second.query("resourceVersion") == "7")
        second.send("ADDED", configMap("b", rv: "8"))
        second.end()  // ended normally after delivering: resumes at once
        let third = try await transport.watch(2)
        #expect(third.query("resourceVersion") == "8")
        third.continuation.finish(throwing: KubeError(kind: .serverError, status: 500, message: "etcd leader changed"))
        let fourth = try await transport.watch(3)
        #expect(fourth.query("resourceVersion") == "8")
        await informer.stop()
        #expect(describe(try await drain(events)) == ["updated a@1→7", "added b@8"])
        #expect(transport.listRequests.count == 1)
        #expect(informer.stats.failures == 2)
    }

    @Test func failedListsAreRetriedWithBackoffUntilSynced() async throws {
        let failure = json(500, statusBody(500, reason: "InternalError", message: "etcd unavailable"))
        let transport = Self.lists([failure, KubeResponse(status: 0), listBody([configMap("a", rv: "1")], rv: "1")])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        #expect(!informer.hasSynced)
        informer.start()
        #expect(await informer.waitUntilSynced())
        #expect(informer.stats.failures == 2 && informer.stats.lists == 1)
        #expect(informer.count == 1)
        await informer.stop()
    }

    @Test func resyncRedeliversEveryObjectPeriodically() async throws {
        let transport = Self.lists([listBody([configMap("a", rv: "1"), configMap("b", rv: "2")], rv: "2")])
        var options = Self.fast
        options.resyncPeriod = .milliseconds(100)
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        let events = informer.events()
        informer.start()
        #expect(describe(try await take(4, from: events)) == ["added a@1", "added b@2", "resync a@1", "resync b@2"])
        await informer.stop()
    }

    @Test func metadataOnlyInformersAskForPartialObjectMetadata() async throws {
        let transport = Self.lists([listBody([], rv: "1")])
        var options = Self.fast
        options.metadataOnly = true
        options.labelSelector = "app=web"
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        informer.start()
        let watch = try await transport.watch(0)
        #expect(watch.request.headers.contains { $0.0 == "Accept" && $0.1.contains("as=PartialObjectMetadata;") })
        #expect(watch.query("labelSelector") == "app=web")
        #expect(transport.listRequests.first?.headers.contains { $0.1.contains("as=PartialObjectMetadataList") } == true)
        #expect(transport.listRequests.first?.query("labelSelector") == "app=web")
        await informer.stop()
    }

    @Test func lateSubscribersGetTheStoreReplayedThenChanges() async throws {
        let transport = Self.lists([listBody([configMap("b", rv: "2"), configMap("a", rv: "1")], rv: "2")])
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        informer.start()
        #expect(await informer.waitUntilSynced())
        let events = informer.events()
        let watch = try await transport.watch(0)
        watch.send("DELETED", configMap("a", rv: "3"))
        #expect(describe(try await take(3, from: events)) == ["added a@1", "added b@2", "deleted a@3"])
        await informer.stop()
    }

    @Test func aSlowSubscriberSlowsTheInformerDownButLosesNothing() async throws {
        let transport = Self.lists([listBody([], rv: "0")])
        var options = Self.fast
        options.eventBuffer = 2
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: options)
        let events = informer.events()
        informer.start()
        let watch = try await transport.watch(0)
        for index in 1...50 { watch.send("ADDED", configMap("o\(index)", rv: "\(index)")) }
        var received: [InformerEvent] = []
        var iterator = events.makeAsyncIterator()
        while received.count < 50, let event = await iterator.next() {
            received.append(event)
            if received.count < 5 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(describe(received) == (1...50).map { "added o\($0)@\($0)" })
        await informer.stop()
    }

    @Test func stopEndsEverythingPromptlyEvenBeforeTheFirstSync() async throws {
        let transport = Self.lists([KubeResponse(status: 0)])  // the server never answers well
        let informer = Informer(client: try Self.kube(transport), resource: Self.configMaps, options: Self.fast)
        let events = informer.events()
        informer.start()
        let waiter = Task { await informer.waitUntilSynced() }
        try await Task.sleep(for: .milliseconds(50))
        let clock = ContinuousClock()
        let started = clock.now
        await informer.stop()
        #expect(clock.now - started < .seconds(60))  // bounds a hang, not the speed of a loaded machine (14 s seen under load)
        #expect(await waiter.value == false)
        #expect(try await drain(events).isEmpty)
        informer.start()  // an informer runs once
        #expect(!informer.hasSynced)
        #expect(await informer.waitUntilSynced() == false)
    }
}
