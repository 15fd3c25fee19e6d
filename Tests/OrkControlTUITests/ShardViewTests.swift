import Foundation
import OrkControlTUI
import OrkValue
import Testing

/// Sharding in the Control Center (X12 item 5): a runtime of three replicas that shard
/// (Fixtures/shards/replica-N.json laid over the contract's `/katalog` body): the replica rows and
/// the Control Panel show each replica's member id, role and share; the panel's Shards section
/// takes the coordinator's view (replica 1 and 2 see slightly older counts), sums the members' CRs
/// and shows what is unassigned and draining; hostile member ids and counts stay escaped and
/// bounded; `--once --format json` passes `shards` through.
@Suite struct ShardViewTests {
    static let replicas = ["http://10.42.5.10:8080", "http://10.42.5.11:8080", "http://10.42.5.12:8080"]

    /// The contract's `/katalog` body with the fields of `overlay` replaced.
    static func katalog(overlay: JSONValue) throws -> JSONValue {
        guard case .object(var fields) = try JSONValue.parse(bytes: TestFiles.runtime("katalog")),
              case .object(let replaced) = overlay else {
            throw TestFailure("the katalog body or the overlay is not an object")
        }
        for (key, value) in replaced { fields[key] = value }
        return .object(fields)
    }

    static func fixture(_ index: Int) throws -> JSONValue {
        let url = TestFiles.directory.appendingPathComponent("Fixtures/shards/replica-\(index).json")
        return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    /// Polls the three replicas once, each answering its fixture (or `bodies`, when given).
    static func state(bodies: [JSONValue]? = nil) async throws -> ControlState {
        let fetcher = FakeFetcher()
        let bodies = try bodies ?? (0..<3).map { try katalog(overlay: fixture($0)) }
        for (url, body) in zip(replicas, bodies) {
            fetcher.set(url + "/katalog", .success(Array(body.serialized().utf8)))
        }
        let poller = Poller(runtimeURLs: Array(replicas.prefix(bodies.count)), gatewayURLs: [], fetcher: fetcher,
                            options: PollOptions(), now: { Scenario.start })
        await poller.pollFleet()
        return await poller.state
    }

    static func ui(_ route: Route?) -> ControlUI {
        var ui = ControlUI()
        if let route { ui.stack.append(Screen(route: route)) }
        return ui
    }

    static func screen(_ state: ControlState, _ route: Route?, columns: Int, rows: Int, theme: Theme = .mono,
                       glyphs: Glyphs = .ascii) -> (CellBuffer, String) {
        let frame = FrameComposer(theme: theme, glyphs: glyphs, refreshSeconds: 5)
            .compose(ui: ui(route), state: state, now: Scenario.start, columns: columns, rows: rows)
        return (frame.buffer, (0..<frame.buffer.rows).map { frame.buffer.text(row: $0) }.joined(separator: "\n"))
    }

    /// The Shards panel of a member replica and the Control Center with its three replicas.
    @Test func goldenScreens() async throws {
        let state = try await Self.state()
        let views: [(String, Route?)] = [("control-panel", .controlPanel(runtime: Self.replicas[1])), ("control-center", nil)]
        for (name, route) in views {
            for (columns, rows) in ViewGoldenTests.sizes {
                for (theme, glyphs) in [(Theme.color, Glyphs.utf8), (.mono, .ascii)] {
                    let frame = FrameComposer(theme: theme, glyphs: glyphs, refreshSeconds: 5)
                        .compose(ui: Self.ui(route), state: state, now: Scenario.start, columns: columns, rows: rows)
                    try GoldenFile.check(BufferSnapshot.text(frame.buffer),
                                         "shards/\(name)-\(columns)x\(rows)-\(theme.name)-\(glyphs.name).txt")
                }
            }
        }
    }

    /// On a member's panel the numbers are the coordinator's: 12 + 10 + 8 = 30 CRs on members
    /// (a member knows only its own count), 2 unassigned, 3 draining, the coordinator's moves.
    @Test func panelSumsTheCoordinatorsMembersAndShowsDraining() async throws {
        let state = try await Self.state()
        let (_, text) = Self.screen(state, .controlPanel(runtime: Self.replicas[1]), columns: 160, rows: 48)
        let lines = text.split(separator: "\n").map(String.init)
        let total = try #require(lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("total") })
        let words = total.split(separator: " ").map(String.init)
        #expect(words == ["total", "3/3", "30", "93.8%"], "\(total)")
        #expect(text.contains("2 unassigned - 3 draining (moves in progress) - moves: assigned 32, reassigned 5, drained 4, undrained 1"),
                "\(text)")
        #expect(text.contains("view of the coordinator orkestra-runtime-7c9d8-aaaaa"))
        #expect(text.contains("shard member orkestra-runtime-7c9d8-bbbbb-8c21 - member - 10 of 32 CRs (31.3%)"), "\(text)")
        let third = try #require(lines.first { $0.contains("orkestra-runtime-7c9d8-ccccc-04d7") && $0.contains("live") })
        #expect(third.split(separator: " ").map(String.init).contains("8"), "\(third)")
        #expect(third.hasSuffix("orkestra-runtime-7c9d8-ccccc") || third.contains("orkestra-runtime-7c9d8-ccccc "), "\(third)")
        let own = try #require(lines.first { $0.contains("orkestra-runtime-7c9d8-bbbbb-8c21") && $0.contains("live") })
        #expect(own.contains("orkestra-runtime-7c9d8-bbbbb (this)"), "\(own)")

        // Without a coordinator answering, the replica's own view is shown, and says so: each polled
        // member's own count (its answer's), `-` for the member nobody polls and for the totals.
        var alone = state
        alone.runtimes.removeFirst()
        let (_, fallback) = Self.screen(alone, .controlPanel(runtime: Self.replicas[1]), columns: 160, rows: 48)
        let fallbackLines = fallback.split(separator: "\n").map(String.init)
        #expect(fallback.contains("view of member orkestra-runtime-7c9d8-bbbbb (no coordinator answers)"), "\(fallback)")
        #expect(fallback.contains("unassigned and draining: counted by the coordinator only"), "\(fallback)")
        #expect(fallback.contains("not polled"), "\(fallback)")
        func cells(_ id: String) -> [String] {
            (fallbackLines.first { $0.contains(id) && $0.contains("live") } ?? "").split(separator: " ").map(String.init)
        }
        #expect(cells("orkestra-runtime-7c9d8-aaaaa-1f3e").contains("-"))
        #expect(cells("orkestra-runtime-7c9d8-bbbbb-8c21").contains("10"))
        #expect(cells("orkestra-runtime-7c9d8-ccccc-04d7").contains("8"))
        let fallbackTotal = try #require(fallbackLines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("total") })
        #expect(fallbackTotal.split(separator: " ").map(String.init) == ["total", "3/3", "-", "-"], "\(fallbackTotal)")
        #expect(fallback.contains("shard member orkestra-runtime-7c9d8-bbbbb-8c21 - member - 10 CRs"), "\(fallback)")

        // The Control Center: each replica's member id, role and share under its row.
        let (_, center) = Self.screen(state, nil, columns: 160, rows: 48)
        #expect(center.contains("-> shard member orkestra-runtime-7c9d8-aaaaa-1f3e - coordinator - 12 of 32 CRs (37.5%)"), "\(center)")
        #expect(center.contains("-> shard member orkestra-runtime-7c9d8-ccccc-04d7 - member - 8 of 32 CRs (25%)"), "\(center)")
    }

    /// `shards: null` (and absent): no shard line anywhere, the pages equal those of the same
    /// answer without the key.
    @Test func nullShardsShowNothing() async throws {
        let plain = try Self.katalog(overlay: .object(["shards": .null]))
        guard case .object(var fields) = plain else { throw TestFailure("not an object") }
        fields.removeValue(forKey: "shards")
        let state = try await Self.state(bodies: [plain])
        let absent = try await Self.state(bodies: [.object(fields)])
        for route: Route? in [nil, .controlPanel(runtime: Self.replicas[0])] {
            let (_, withNull) = Self.screen(state, route, columns: 160, rows: 48)
            let (_, withoutKey) = Self.screen(absent, route, columns: 160, rows: 48)
            #expect(withNull == withoutKey)
            #expect(!withNull.contains("shard"))
            #expect(!withNull.contains("Shards"))
        }
    }

    static let hostileIDs = ["\u{1B}[2J\u{1B}[31mred\u{1B}[0m", "\u{1B}]52;c;AAAA\u{07}", "\u{9B}31m", "\u{202E}gnp.exe\u{202C}",
                             String(repeating: "W", count: 2000), String(repeating: "界", count: 1000), "\r\n\t", ""]

    /// Member ids with terminal escapes, bidi controls and huge widths, counts at `Int.max` and
    /// `Int.min`, 2,000 members: every screen draws (no trap), no control character reaches the
    /// screen, the panel stays a bounded number of lines and `--once` text lines fit the width.
    @Test(arguments: [Int.max, Int.min, -1])
    func hostileShardsStayEscapedAndBounded(count: Int) async throws {
        var members: [JSONValue] = []
        for index in 0..<2_000 {
            let id = Self.hostileIDs[index % Self.hostileIDs.count] + (index < Self.hostileIDs.count ? "" : "\(index)")
            members.append(.object(["id": .string(id), "live": .bool(index % 3 != 0), "crs": .int(count)]))
        }
        func shards(member: String, coordinator: Bool) -> JSONValue {
            .object([
                "member": .string(member), "coordinator": .bool(coordinator), "members": .array(members),
                "unassigned": .int(count), "draining": .int(count),
                "moves": .object(["assigned": .int(count), "reassigned": .int(count), "drained": .int(count), "undrained": .int(count)]),
            ])
        }
        let bodies = try [
            Self.katalog(overlay: .object(["shards": shards(member: Self.hostileIDs[0], coordinator: true), "gatewayEndpoint": .null])),
            Self.katalog(overlay: .object(["shards": shards(member: Self.hostileIDs[4], coordinator: false), "gatewayEndpoint": .null])),
        ]
        let state = try await Self.state(bodies: bodies)
        #expect(state.runtimes.allSatisfy { $0.katalog?.shards?.members.count == 2_000 })
        for route: Route? in [nil, .controlPanel(runtime: Self.replicas[0]), .controlPanel(runtime: Self.replicas[1])] {
            for (columns, rows) in [(60, 12), (80, 24), (250, 120)] {
                // Each screen of 2,000 members is long synchronous work: give the other tests' tasks
                // the thread in between (the cooperative pool is as wide as the cores).
                await Task.yield()
                let (buffer, text) = Self.screen(state, route, columns: columns, rows: rows, theme: .color, glyphs: .utf8)
                for row in 0..<buffer.rows {
                    let line = buffer.text(row: row)
                    #expect(TextWidth.width(line) <= columns)
                    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" },
                            "\(text)")
                }
            }
        }
        let context = ViewContext(state: state, now: Scenario.start, glyphs: .ascii, refreshSeconds: 5)
        let page = ControlPanelView.page(runtime: Self.replicas[1], context, order: TableOrder())
        // The summary's own lines, the role line, the panel's heading, column header, 8 members,
        // "… more", total and moves.
        let bound: Int = 18
        #expect(page.summary.count <= bound, "\(page.summary.count) summary lines")
        let summary = page.summary.map(\.plainText).joined(separator: "\n")
        #expect(summary.contains("1992 more members"), "\(summary)")
        #expect(summary.contains("2000 members"), "\(summary)")
        let total = try #require(page.summary.map(\.plainText).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("total") })
        // The sum saturates: 2,000 × Int.max is Int.max, × Int.min is Int.min.
        let expected = count == -1 ? "-2000" : "\(count)"
        #expect(total.split(separator: " ").map(String.init).contains(expected), "\(total)")
        let once = OnceText.render(state, now: Scenario.start, glyphs: .ascii, columns: 120, refreshSeconds: 5)
        for line in once.split(separator: "\n") {
            #expect(TextWidth.width(String(line)) <= 120)
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        #expect(once.contains("Shards"))
        let json = OnceJSON.render(state, now: Scenario.start)
        #expect(!json.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E })
        let parsed = try JSONValue.parse(json)
        #expect(parsed["runtimes"]?[0]?["katalog"]?["shards"]?["members"]?[0]?["id"] == .string(Self.hostileIDs[0]))
    }

    /// `--once --format json` passes each replica's `shards` through as sent; `null` stays `null`.
    @Test func onceJSONPassesShardsThrough() async throws {
        let state = try await Self.state()
        let parsed = try JSONValue.parse(OnceJSON.render(state, now: Scenario.start))
        for index in 0..<3 {
            #expect(parsed["runtimes"]?[index]?["katalog"]?["shards"] == (try Self.fixture(index))["shards"])
        }
        #expect(parsed["runtimes"]?[0]?["katalog"]?["shards"]?["coordinator"] == .bool(true))
        // Sharded replicas that do not lead reconcile their share: members, never standbys.
        #expect((0..<3).map { parsed["runtimes"]?[$0]?["role"] } == [.string("leader"), .string("member"), .string("member")])
        let (plain, _) = try await Scenario.state()
        let document = try JSONValue.parse(OnceJSON.render(plain, now: Scenario.start))
        #expect(document["runtimes"]?[0]?["katalog"]?["shards"] == .null)
        let roles = (document["runtimes"]?.arrayValue ?? []).map { $0["role"] }
        #expect(roles.contains(.string("standby")) && !roles.contains(.string("member")), "\(roles)")
        let text = OnceText.render(state, now: Scenario.start, glyphs: .ascii, columns: 120, refreshSeconds: 5)
        #expect(text.contains("Shards  3 members - 3 live"), "\(text)")
    }
}
