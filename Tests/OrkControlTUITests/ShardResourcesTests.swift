import Foundation
import OrkAPI
import OrkControlTUI
import OrkValue
import Testing

/// The Resources view of a runtime that shards: each of the three replicas (Fixtures/shards,
/// replica-N.json) lists only its share of the website CRs (cr-list-N.json), so the view asks all
/// of them and shows the union; a CR opens on the replica that listed it; a replica that cannot be
/// read leaves the others' CRs and a note; a CR listed twice (mid-move) appears once; a runtime
/// that does not shard asks exactly what it asked before; hostile answers stay bounded.
@Suite struct ShardResourcesTests {
    static let replicas = ShardViewTests.replicas
    static let resources = Route.resources(runtime: replicas[0], crd: "website")
    static let listKey = FocusRequest.crList(runtime: replicas[0], crd: "website").key

    static func listURL(_ replica: String) -> String { replica + "/katalog/website/cr?limit=500" }

    static func share(_ index: Int) throws -> JSONValue {
        let url = TestFiles.directory.appendingPathComponent("Fixtures/shards/cr-list-\(index).json")
        return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    static func body(_ value: JSONValue) -> Result<[UInt8], FetchFailure> { .success(Array(value.serialized().utf8)) }

    /// The first `count` replicas polled once, each answering its `/katalog` fixture and, for the
    /// website CR list, `lists[i]` (default: its share).
    static func poller(count: Int = 3, lists: [Result<[UInt8], FetchFailure>]? = nil) async throws -> (Poller, FakeFetcher) {
        let fetcher = FakeFetcher()
        for (index, url) in replicas.prefix(count).enumerated() {
            fetcher.set(url + "/katalog", body(try ShardViewTests.katalog(overlay: ShardViewTests.fixture(index))))
            let answer = try lists.map { $0[index] } ?? body(share(index))
            fetcher.set(listURL(url), answer)
        }
        let poller = Poller(runtimeURLs: Array(replicas.prefix(count)), gatewayURLs: [], fetcher: fetcher,
                            options: PollOptions(), now: { Scenario.start })
        await poller.pollFleet()
        return (poller, fetcher)
    }

    /// Shows `route` as the terminal session does: its focus given to the poller, fetched once.
    static func show(_ route: Route, _ poller: Poller) async -> ControlState {
        let state = await poller.state
        await poller.setFocus(route.focus(in: state))
        await poller.pollFocus()
        return await poller.state
    }

    static func keys(_ list: ResourceList) -> [String] { list.items.map { Route.crKey(namespace: $0.namespace, name: $0.name) } }

    @Test func theResourcesOfAShardedRuntimeAreEveryReplicasShare() async throws {
        let (poller, fetcher) = try await Self.poller()
        #expect(Self.resources.focus(in: await poller.state)
                == [.crList(runtime: Self.replicas[0], crd: "website", replicas: Self.replicas)])
        let state = await Self.show(Self.resources, poller)
        for replica in Self.replicas { #expect(fetcher.count(Self.listURL(replica)) == 1) }
        let list = try #require(state.crLists[Self.listKey]?.value)
        #expect(Self.keys(list) == ["shop/alpha", "shop/beta", "shop/delta", "web/epsilon", "web/gamma", "web/zeta"])
        #expect(list.total == 6)
        #expect(!list.truncated)
        #expect(list.unread.isEmpty)
        #expect(list.listedBy["shop/delta"] == Self.replicas[0])
        #expect(list.listedBy["web/epsilon"] == Self.replicas[1])
        #expect(list.listedBy["web/gamma"] == Self.replicas[2])
        let (_, text) = ShardViewTests.screen(state, Self.resources, columns: 160, rows: 48)
        #expect(text.contains("the CRs of 3 replicas (sharded: each lists the CRs it owns)"), "\(text)")
        #expect(text.contains("row 1/6"), "\(text)")
        #expect(text.contains("REPLICA"), "\(text)")
        let gamma = try #require(text.split(separator: "\n").first { $0.contains(" gamma ") })
        #expect(gamma.hasSuffix("orkestra-runtime-7c9d8-ccccc") || gamma.contains("orkestra-runtime-7c9d8-ccccc "), "\(gamma)")
    }

    /// Golden screens of the merged list, and of it with replica 2 refusing.
    @Test func goldenScreens() async throws {
        let (poller, _) = try await Self.poller()
        let merged = await Self.show(Self.resources, poller)
        let (failing, _) = try await Self.poller(lists: [Self.body(try Self.share(0)), Self.body(try Self.share(1)),
                                                        .failure(.refused("connection refused"))])
        let partial = await Self.show(Self.resources, failing)
        for (name, state) in [("resources", merged), ("resources-unread", partial)] {
            for (columns, rows) in ViewGoldenTests.sizes {
                for (theme, glyphs) in [(Theme.color, Glyphs.utf8), (.mono, .ascii)] {
                    let frame = FrameComposer(theme: theme, glyphs: glyphs, refreshSeconds: 5)
                        .compose(ui: ShardViewTests.ui(Self.resources), state: state, now: Scenario.start, columns: columns, rows: rows)
                    try GoldenFile.check(BufferSnapshot.text(frame.buffer),
                                         "shards/\(name)-\(columns)x\(rows)-\(theme.name)-\(glyphs.name).txt")
                }
            }
        }
    }

    /// Enter on a CR replica 2 listed opens it on replica 2: the CR and its events are asked of
    /// replica 2 only; Esc goes back to the merged list of the replica drilled from.
    @Test func openingACRAnotherReplicaListedAsksThatReplica() async throws {
        let (poller, fetcher) = try await Self.poller()
        let detailPath = "/katalog/website/cr/web/gamma"
        fetcher.set(Self.replicas[2] + detailPath, .success(try TestFiles.runtime("cr-website-alpha")))
        fetcher.set(Self.replicas[2] + detailPath + "/events", .success(try TestFiles.runtime("events-website-alpha")))
        let state = await Self.show(Self.resources, poller)
        var ui = ControlUI()
        var screen = Screen(route: Self.resources)
        screen.selectedKey = "web/gamma"
        ui.stack.append(screen)
        let frame = FrameComposer(theme: .mono, glyphs: .ascii, refreshSeconds: 5)
            .compose(ui: ui, state: state, now: Scenario.start, columns: 160, rows: 48)
        _ = ui.handle(.enter, page: frame.page)
        let detail = Route.resourceDetail(runtime: Self.replicas[2], crd: "website", namespace: "web", name: "gamma")
        #expect(ui.current.route == detail)
        let before = fetcher.asked.count
        let opened = await Self.show(ui.current.route, poller)
        let asked = Array(fetcher.asked.dropFirst(before))
        #expect(asked.sorted() == [Self.replicas[2] + detailPath, Self.replicas[2] + detailPath + "/events"], "\(asked)")
        for replica in Self.replicas.prefix(2) { #expect(fetcher.count(replica + detailPath) == 0) }
        let (_, text) = ShardViewTests.screen(opened, detail, columns: 160, rows: 48)
        #expect(!text.contains("loading CR"), "\(text)")
        #expect(text.contains("Children"), "\(text)")
        #expect(text.contains("shop-operators") && text.contains("web/gamma"), "\(text)")
        _ = ui.handle(.escape, page: frame.page)
        #expect(ui.current.route == Self.resources)
    }

    /// Replica 2 refuses: replicas 0 and 1's CRs are shown with one line naming replica 2, and
    /// the failure is in the Errors view under replica 2's list URL. None answering: the list
    /// fails as a whole, naming the first and counting the rest, each logged.
    @Test func aReplicaThatCannotBeReadLeavesTheOthersCRsAndANote() async throws {
        let (poller, _) = try await Self.poller(lists: [Self.body(try Self.share(0)), Self.body(try Self.share(1)),
                                                       .failure(.refused("connection refused"))])
        let state = await Self.show(Self.resources, poller)
        let list = try #require(state.crLists[Self.listKey]?.value)
        #expect(Self.keys(list) == ["shop/alpha", "shop/beta", "shop/delta", "web/epsilon"])
        #expect(list.total == 4)
        #expect(list.unread.map(\.replica) == [Self.replicas[2]])
        let (_, text) = ShardViewTests.screen(state, Self.resources, columns: 160, rows: 48)
        #expect(text.contains("X CR list of replica orkestra-runtime-7c9d8-ccccc: connection refused - its CRs are not shown"), "\(text)")
        #expect(text.contains("row 1/4"), "\(text)")
        #expect(state.errors.map(\.url) == [Self.replicas[2] + "/katalog/website/cr"])
        #expect(state.errors.first?.reason == "refused")

        let (none, _) = try await Self.poller(lists: Array(repeating: .failure(.http(status: 500, message: "boom")), count: 3))
        let failed = await Self.show(Self.resources, none)
        #expect(failed.crLists[Self.listKey]?.value == nil)
        #expect(failed.errors.count == 3)
        let (_, down) = ShardViewTests.screen(failed, Self.resources, columns: 160, rows: 48)
        #expect(down.contains("CR list: none of the 3 replicas could be read: 10.42.5.10:8080: HTTP 500: boom (and 2 more: see the Errors view)"),
                "\(down)")
    }

    /// Mid-move both the old and the new owner list a CR: it is shown once, from the first
    /// replica asked that lists it; the total is the replicas' totals as sent.
    @Test func aCRListedTwiceAppearsOnce() async throws {
        guard case .object(var first) = try Self.share(0), case .array(let own)? = first["items"],
              case .array(let third)? = try Self.share(2)["items"], let gamma = third.first else {
            throw TestFailure("the cr-list fixtures are not as expected")
        }
        first["items"] = .array(own + [gamma])
        first["total"] = .int(3)
        let (poller, _) = try await Self.poller(lists: [Self.body(.object(first)), Self.body(try Self.share(1)), Self.body(try Self.share(2))])
        let state = await Self.show(Self.resources, poller)
        let list = try #require(state.crLists[Self.listKey]?.value)
        #expect(Self.keys(list) == ["shop/alpha", "shop/beta", "shop/delta", "web/epsilon", "web/gamma", "web/zeta"])
        #expect(list.listedBy["web/gamma"] == Self.replicas[0])
        #expect(list.total == 7)
        let (_, text) = ShardViewTests.screen(state, Self.resources, columns: 160, rows: 48)
        #expect(text.split(separator: "\n").filter { $0.contains(" gamma ") }.count == 1, "\(text)")
    }

    /// Without sharding (the contract's runtimes) the Resources view asks its runtime only, one
    /// request as before; a replica that shards but is polled alone asks only itself too.
    @Test func aRuntimeThatDoesNotShardAsksOnlyItself() async throws {
        let fetcher = try Scenario.fetcher()
        let poller = Poller(runtimeURLs: [Scenario.runtimeA, Scenario.runtimeB, Scenario.runtimeC], gatewayURLs: [],
                            fetcher: fetcher, options: PollOptions(), now: { Scenario.start })
        await poller.pollFleet()
        let route = Route.resources(runtime: Scenario.runtimeA, crd: "website")
        #expect(route.focus(in: await poller.state) == [.crList(runtime: Scenario.runtimeA, crd: "website")])
        let before = fetcher.asked.count
        let state = await Self.show(route, poller)
        #expect(Array(fetcher.asked.dropFirst(before)) == [Scenario.runtimeA + "/katalog/website/cr?limit=500"])
        let list = try #require(state.crLists[FocusRequest.crList(runtime: Scenario.runtimeA, crd: "website").key]?.value)
        #expect(list.replicas.isEmpty && list.listedBy.isEmpty && list.unread.isEmpty)

        let (alone, aloneFetcher) = try await Self.poller(count: 1)
        #expect(Self.resources.focus(in: await alone.state) == [.crList(runtime: Self.replicas[0], crd: "website")])
        let aloneBefore = aloneFetcher.asked.count
        let aloneState = await Self.show(Self.resources, alone)
        #expect(Array(aloneFetcher.asked.dropFirst(aloneBefore)) == [Self.listURL(Self.replicas[0])])
        let (_, text) = ShardViewTests.screen(aloneState, Self.resources, columns: 160, rows: 48)
        #expect(!text.contains("REPLICA") && !text.contains("replicas"), "\(text)")
    }

    /// Replica 0 answers 100,000 CRs with `total: Int.max` and a `continue` token forever, replica 1
    /// a CR named with terminal escapes and `total: Int.max`: the list holds at most the cap, the
    /// total saturates, nothing raw reaches the screen, every line fits.
    @Test func hostileReplicasStayBounded() async throws {
        let many = (0..<100_000).map { "{\"name\":\"cr-\($0)\",\"namespace\":\"zz\",\"ready\":true}" }.joined(separator: ",")
        let huge = Array("{\"crd\":\"website\",\"total\":\(Int.max),\"items\":[\(many)],\"continue\":\"more\"}".utf8)
        let hostile = "\u{1B}]52;c;AAAA\u{07}\u{1B}[2J\u{202E}evil\u{9B}31m" + String(repeating: "W", count: 2000)
        let item: JSONValue = .object(["name": .string(hostile), "namespace": .string(hostile), "ready": .bool(false),
                                       "readyReason": .string(hostile), "phase": .string(hostile)])
        let odd: JSONValue = .object(["crd": .string("website"), "total": .int(Int.max), "items": .array([item]), "continue": .null])
        let (poller, fetcher) = try await Self.poller(lists: [.success(huge), Self.body(odd), Self.body(try Self.share(2))])
        fetcher.set(Self.replicas[0] + "/katalog/website/cr?limit=500&continue=more", .success(huge))
        let state = await Self.show(Self.resources, poller)
        let list = try #require(state.crLists[Self.listKey]?.value)
        #expect(list.items.count == PollOptions().crListCap)
        #expect(list.listedBy.count <= PollOptions().crListCap)
        #expect(list.truncated)
        #expect(list.total == Int.max)
        #expect(fetcher.count(Self.replicas[0] + "/katalog/website/cr?limit=500&continue=more") == 0)
        for (columns, rows) in [(60, 12), (80, 24), (250, 80)] {
            let (buffer, text) = ShardViewTests.screen(state, Self.resources, columns: columns, rows: rows, theme: .color, glyphs: .utf8)
            for row in 0..<buffer.rows {
                let line = buffer.text(row: row)
                #expect(TextWidth.width(line) <= columns)
                #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" },
                        "\(text)")
            }
            if columns >= 80 { #expect(text.contains("first 5000 of 9223372036854775807"), "\(text)") }
        }
    }

    /// The merge on its own: a cap of 0 or below keeps nothing, totals saturate both ways.
    @Test func mergeSaturatesAndCaps() {
        func list(_ total: Int, _ names: [String]) -> Result<ResourceList, FetchFailure> {
            .success(ResourceList(crd: "website", total: total, items: names.map {
                ResourceItem(name: $0, namespace: nil, phase: nil, ready: true, readyReason: nil, generation: nil,
                             observedGeneration: nil, age: nil, creationTimestamp: nil)
            }, truncated: false))
        }
        let lists = [list(Int.max, ["b", "a"]), list(Int.max, ["c"]), list(Int.min, [])]
        let urls = ["http://a", "http://b", "http://c"]
        let merged = MergedCRList.merge(crd: "website", replicas: urls, lists: lists, cap: 2)
        guard case .success(let value) = merged.list else {
            Issue.record("the merge failed")
            return
        }
        #expect(value.items.map(\.name) == ["a", "b"])
        #expect(value.truncated)
        #expect(value.total == Int.max.saturatingAdd(Int.max).saturatingAdd(Int.min))
        #expect(value.listedBy == ["/a": "http://a", "/b": "http://a"])
        let none = MergedCRList.merge(crd: "website", replicas: urls, lists: lists, cap: -5)
        if case .success(let empty) = none.list { #expect(empty.items.isEmpty && empty.listedBy.isEmpty && empty.truncated) }
    }
}
