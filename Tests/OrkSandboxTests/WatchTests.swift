import Testing
import OrkValue
@testable import OrkSandbox

/// Watches: initial state, resume, 410 Gone, bookmarks, selector transitions, slow consumers.
@Suite struct WatchTests {
    @Test func unsetOrZeroVersionStartsWithTheCurrentObjects() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("b"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        for (index, version) in ([nil, "", "0"] as [String?]).enumerated() {
            let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: version)))
            let existing = ["ADDED a", "ADDED b"] + (0..<index).map { "ADDED c\($0)" }
            #expect(await log.waitFor(existing.count).summary == existing)
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c\(index)"), fieldManager: nil)
            #expect(await log.waitFor(existing.count + 1).summary == existing + ["ADDED c\(index)"])
            await log.stop()
        }
    }

    @Test func explicitVersionReplaysOnlyLaterChanges() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("old"), fieldManager: nil)
        let mark = await store.resourceVersion
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("new"), fieldManager: nil)
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "old", patch: .merge(["data": ["k": "v"]]), subresource: nil)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "new", options: .init())
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(mark))))
        let events = await log.waitFor(3)
        #expect(events.summary == ["ADDED new", "MODIFIED old", "DELETED new"])
        // Every event carries the resourceVersion of its change; the deletion has its own.
        let versions = events.compactMap { Int64($0.object.objectResourceVersion) }
        #expect(versions == [mark + 1, mark + 2, mark + 3])
        #expect(await store.resourceVersion == mark + 3)
        await log.stop()
    }

    @Test func currentVersionSendsNothingOld() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(await store.resourceVersion))))
        await store.dropAllWatches()
        #expect(await log.untilEnd().isEmpty)
        await log.stop()
    }

    @Test func goneAfterExpireHistory() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let old = await store.resourceVersion - 1
        await store.expireHistory()
        let error = await failure { try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(old))) }
        #expect(error?.code == 410 && error?.reason == "Expired")
        #expect(error?.message == "too old resource version: \(old) (\(old + 2))")
        #expect(error?.status["code"] == 410)
        // From the current version on it works again.
        let current = await store.resourceVersion
        _ = try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(current)))
    }

    @Test func goneWhenTheHistoryOverflows() async throws {
        let store = try SandboxStore(historyLimit: 5)
        let start = await store.resourceVersion
        for index in 0..<10 {
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c\(index)"), fieldManager: nil)
        }
        let tooOld = await failure { try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(start + 2))) }
        #expect(tooOld?.code == 410)
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(start + 5))))
        #expect(await log.waitFor(5).summary == ["ADDED c5", "ADDED c6", "ADDED c7", "ADDED c8", "ADDED c9"])
        await log.stop()
    }

    @Test func bookmarksWhenAskedFor() async throws {
        let store = try SandboxStore()
        let withBookmarks = EventLog(try await store.watch(Res.configMaps, namespace: "default",
                                                          options: .init(resourceVersion: String(await store.resourceVersion), allowBookmarks: true)))
        let without = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(await store.resourceVersion))))
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        await store.sendBookmarks()
        let events = await withBookmarks.waitFor(2)
        try #require(events.map(\.type) == ["ADDED", "BOOKMARK"])
        let bookmark = events[1].object
        #expect(bookmark["kind"] == "ConfigMap" && bookmark["apiVersion"] == "v1")
        #expect(bookmark.objectResourceVersion == String(await store.resourceVersion))
        await store.dropAllWatches()
        #expect(await without.untilEnd().map(\.type) == ["ADDED"])
        await withBookmarks.stop()
        await without.stop()
    }

    @Test func periodicBookmarks() async throws {
        let store = try SandboxStore(bookmarkInterval: .milliseconds(20))
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default",
                                                options: .init(resourceVersion: String(await store.resourceVersion), allowBookmarks: true)))
        // Like the real watch cache, a bookmark is only sent once the store moved past the watch's start.
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let events = await log.waitFor(3)
        #expect(events.count >= 3 && events.first?.type == "ADDED" && events.dropFirst().allSatisfy { $0.type == "BOOKMARK" })
        await log.stop()
    }

    @Test func labelSelectorTransitions() async throws {
        let store = try SandboxStore()
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init(labelSelector: "app=web")))
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", labels: ["app": "db"]), fieldManager: nil)
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge(["metadata": ["labels": ["app": "web"]]]), subresource: nil)
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge(["data": ["k": "v"]]), subresource: nil)
        let leaving = try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge(["metadata": ["labels": ["app": "db"]]]), subresource: nil)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "a", options: .init())
        await store.dropAllWatches()
        let events = await log.untilEnd()
        try #require(events.summary == ["ADDED a", "MODIFIED a", "DELETED a"])
        // Leaving the selection is a DELETED of the previous state at the new version.
        let deleted = events[2].object
        #expect(deleted["metadata"]?["labels"] == ["app": "web"])
        #expect(deleted.objectResourceVersion == leaving.objectResourceVersion)
        await log.stop()
    }

    @Test func fieldSelectorAndNamespaceFilters() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": "other"]], fieldManager: nil)
        let byName = EventLog(try await store.watch(Res.configMaps, namespace: nil, options: .init(fieldSelector: "metadata.name=x")))
        let inOther = EventLog(try await store.watch(Res.configMaps, namespace: "other", options: .init()))
        let everywhere = EventLog(try await store.watch(Res.configMaps, namespace: nil, options: .init()))
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("x"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "other", object: configMap("y"), fieldManager: nil)
        _ = try await store.create(Res.secrets, namespace: "other", object: ["metadata": ["name": "s"]], fieldManager: nil)
        await store.dropAllWatches()
        #expect(await byName.untilEnd().summary == ["ADDED x"])
        #expect(await inOther.untilEnd().summary == ["ADDED y"])
        #expect(await everywhere.untilEnd().summary == ["ADDED x", "ADDED y"])
        for log in [byName, inOther, everywhere] { await log.stop() }
    }

    @Test func slowConsumersAreEndedInsteadOfBlockingWriters() async throws {
        let store = try SandboxStore(watchBufferLimit: 10)
        let slow = try await store.watch(Res.configMaps, namespace: "default", options: .init(resourceVersion: String(await store.resourceVersion)))
        for index in 0..<50 {
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c\(index)"), fieldManager: nil)
        }
        #expect(await store.watchCount == 0)
        var received = 0
        for await _ in slow { received += 1 }
        #expect(received == 10)   // what fitted in the buffer, then the stream ended
    }

    @Test func dropAllWatchesEndsStreams() async throws {
        let store = try SandboxStore()
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init()))
        #expect(await store.watchCount == 1)
        await store.dropAllWatches()
        #expect(await log.waitForEnd())
        #expect(await store.watchCount == 0)
    }

    @Test func cancelledConsumersAreForgotten() async throws {
        let store = try SandboxStore()
        let stream = try await store.watch(Res.configMaps, namespace: "default", options: .init())
        let task = Task { for await _ in stream {} }
        #expect(await store.watchCount == 1)
        task.cancel()
        _ = await task.value
        // The store forgets it in a task of its own: wait for that (120 s only bounds a failure).
        let deadline = ContinuousClock.now + .seconds(120)
        while await store.watchCount > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await store.watchCount == 0)
    }

    @Test func watchesServeTheRequestedVersion() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.crds, namespace: nil, object: widgetCRD(), fieldManager: nil)
        let beta = EventLog(try await store.watch(Res.widgetsV1beta1, namespace: "default", options: .init()))
        _ = try await store.create(Res.widgetsV1, namespace: "default", object: widget("w"), fieldManager: nil)
        let events = await beta.waitFor(1)
        #expect(events.first?.object["apiVersion"] == "example.com/v1beta1")
        await beta.stop()
    }

    @Test func badWatchOptions() async throws {
        let store = try SandboxStore()
        let selector = await failure { try await store.watch(Res.configMaps, namespace: nil, options: .init(labelSelector: "a in x")) }
        #expect(selector?.code == 400)
        let version = await failure { try await store.watch(Res.configMaps, namespace: nil, options: .init(resourceVersion: "abc")) }
        #expect(version?.code == 500)
    }
}
