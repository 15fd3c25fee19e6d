import Foundation
import OrkControlTUI
import OrkTestSupport
import OrkValue
import Testing

/// Randomized runtime and gateway documents (HostileDocuments: extreme numbers, hostile strings,
/// deep nesting, missing and wrong-typed fields, damaged JSON) go through the poller's real decode
/// path, then every view is drawn (all routes, sizes from 0x0 to 250x80, both themes and glyph
/// sets, random sort/filter/selection) with `--once` text and JSON: nothing traps, no control,
/// bidi or zero-width character reaches a cell, the JSON output parses, and every refused
/// document is reported with a path. `ORK_FUZZ_ITERATIONS` sets the count (default 400;
/// scripts/test runs 100,000).
@Suite struct ControlFuzzTests {
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["ORK_FUZZ_ITERATIONS"] ?? "") ?? 400
    }

    static let runtime = "http://10.42.0.17:8080"
    static let follower = "http://10.42.1.9:8080"
    static let gateway = Scenario.gateway

    /// Every document the views read, at the URL the poller fetches it from.
    static func seeds() throws -> [(url: String, json: JSONValue)] {
        let crd = runtime + "/katalog/website"
        return [
            // With sharding on (Fixtures/shards): the role line and the Shards panel are drawn too.
            (runtime + "/katalog", try ShardViewTests.katalog(overlay: .object(["shards": ShardViewTests.fixture(0)["shards"] ?? .null]))),
            (follower + "/katalog", try JSONValue.parse(bytes: TestFiles.runtime("starting-katalog-follower"))),
            (crd, try JSONValue.parse(bytes: TestFiles.runtime("crd-website"))),
            (crd + "/health", try JSONValue.parse(bytes: TestFiles.runtime("health-website"))),
            (crd + "/cr?limit=500", try JSONValue.parse(bytes: TestFiles.runtime("cr-list-website"))),
            (crd + "/cr/shop/alpha", try JSONValue.parse(bytes: TestFiles.runtime("cr-website-alpha"))),
            (crd + "/cr/shop/alpha/events", try JSONValue.parse(bytes: TestFiles.runtime("events-website-alpha"))),
            (gateway + "/katalog", try JSONValue.parse(bytes: TestFiles.gateway("katalog"))),
            (gateway + "/katalog/website", try JSONValue.parse(bytes: TestFiles.gateway("katalog_website"))),
        ]
    }

    static let focus: [FocusRequest] = [
        .crdDetail(runtime: runtime, crd: "website"), .crdHealth(runtime: runtime, crd: "website"),
        .crList(runtime: runtime, crd: "website"), .resourceDetail(runtime: runtime, crd: "website", namespace: "shop", name: "alpha"), .gatewayCRD(gateway: gateway, crd: "website"),
    ]

    /// Every route, each with the stack that leads to it.
    static let stacks: [[Route]] = {
        let panel = Route.controlPanel(runtime: runtime)
        let crd = Route.crdDetail(runtime: runtime, crd: "website")
        let resources = Route.resources(runtime: runtime, crd: "website")
        return [[], [panel], [.controlPanel(runtime: follower)], [panel, crd], [panel, crd, resources],
                [panel, crd, resources, .resourceDetail(runtime: runtime, crd: "website", namespace: "shop", name: "alpha")],
                [.errors], [.help]]
    }()

    static let sizes = [(0, 0), (1, 1), (20, 5), (59, 11), (60, 12), (80, 24), (132, 40), (250, 80)]
    static let filters = ["", "a", "!e", "website", "\u{202E}", "9223"]
    static let actions: [Action] = [.up, .down, .pageUp, .pageDown, .top, .bottom, .sort, .reverseSort, .open, .back]

    /// What a cell must never hold: C0/C1 controls, DEL, and format characters (bidi, zero-width).
    static func unsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
            return true
        }
        return scalar.value >= 0xA0 && scalar.properties.generalCategory == .format
    }

    static func firstUnsafe(_ text: String) -> Unicode.Scalar? { text.unicodeScalars.first(where: unsafe) }

    static func isPlainASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// A refused document's detail names where and what: a byte offset or a JSON path (or the
    /// fake's 404 for a CR list page a mutated `continue` token asked for).
    static func describesTheFailure(_ detail: String) -> Bool {
        detail.hasPrefix("HTTP 404: no fake answer for ") || detail.hasPrefix("invalid JSON at byte ") || detail.hasPrefix("missing field at ") || detail.hasPrefix("expected ")
            || detail.hasPrefix("number out of range at ")
    }

    struct Tally: Sendable {
        var decoded: [HostileDocuments.Mode: Int] = [:]
        var refused: [HostileDocuments.Mode: Int] = [:]
        var problems: [String] = []
        var frames = 0
        var pollSeconds = 0.0
        var drawSeconds = 0.0
        var onceSeconds = 0.0

        mutating func problem(_ text: String) {
            if problems.count < 20 { problems.append(text) }
        }

        mutating func add(_ other: Tally) {
            decoded.merge(other.decoded, uniquingKeysWith: +)
            refused.merge(other.refused, uniquingKeysWith: +)
            for problem in other.problems { self.problem(problem) }
            frames += other.frames
            pollSeconds += other.pollSeconds
            drawSeconds += other.drawSeconds
            onceSeconds += other.onceSeconds
        }
    }

    /// Two workers (the machine's cores), each with its own generator, poller and share of the
    /// iterations.
    @Test func hostileDocumentsNeverTrapAndNeverReachTheScreenRaw() async throws {
        let seeds = try Self.seeds()
        let iterations = Self.iterations
        let workers = 2
        var tally = Tally()
        await withTaskGroup(of: Tally.self) { group in
            for worker in 0..<workers {
                let share = iterations / workers + (worker < iterations % workers ? 1 : 0)
                group.addTask { await Self.run(seeds: seeds, iterations: share, seed: 0xC047_2010 &+ UInt64(worker)) }
            }
            for await part in group { tally.add(part) }
        }
        print("ControlFuzzTests: \(iterations) documents, \(tally.frames) frames; polling \(Int(tally.pollSeconds)) s, "
              + "drawing \(Int(tally.drawSeconds)) s (--once \(Int(tally.onceSeconds)) s); decoded \(tally.decoded.values.reduce(0, +)), refused \(tally.refused.values.reduce(0, +))")
        #expect(tally.problems.isEmpty, "\(tally.problems.joined(separator: "\n"))")
        // The generator must keep producing both documents that decode (so the views draw extreme
        // values) and documents that are refused (so the error paths run).
        let decoded = tally.decoded.values.reduce(0, +)
        let refused = tally.refused.values.reduce(0, +)
        #expect(decoded >= iterations / 5, "decoded \(tally.decoded), refused \(tally.refused)")
        // (19 % of them with the nine seed documents: at least an eighth.)
        #expect(refused >= iterations / 8, "decoded \(tally.decoded), refused \(tally.refused)")
        #expect((tally.decoded[.extremeNumbers] ?? 0) >= iterations / 20, "decoded \(tally.decoded)")
        #expect(tally.frames == iterations * Self.stacks.count)
    }

    static func run(seeds: [(url: String, json: JSONValue)], iterations: Int, seed: UInt64) async -> Tally {
        var generator = HostileDocuments(seed: seed)
        var tally = Tally()
        let fetcher = FakeFetcher()
        let clock = TestClock(Scenario.start)
        let timer = ContinuousClock()
        var poller = Poller(runtimeURLs: [], gatewayURLs: [], fetcher: fetcher, options: PollOptions(), now: { clock.now })
        for iteration in 0..<iterations {
            if iteration % 10 == 0 {
                // A fresh Control Center every 10 documents; in between, last-known data and the
                // error log pile up as they would in a long session.
                for seed in seeds { fetcher.set(seed.url, .success(Array(seed.json.serialized().utf8))) }
                poller = Poller(runtimeURLs: [Self.runtime, Self.follower], gatewayURLs: [Self.gateway], fetcher: fetcher,
                                options: PollOptions(), now: { clock.now })
                await poller.setFocus(Self.focus)
            }
            let target = generator.below(seeds.count)
            let mode = generator.pick(HostileDocuments.Mode.allCases)
            let started = timer.now
            fetcher.set(seeds[target].url, .success(generator.make(from: seeds[target].json, mode: mode)))
            clock.advance(Double(generator.below(400)) / 10)
            await poller.pollFleet()
            await poller.pollFocus()
            let state = await poller.state
            let polled = timer.now
            if let error = Self.outcome(of: target, in: state) {
                tally.refused[mode, default: 0] += 1
                if !Self.describesTheFailure(error) { tally.problem("#\(iteration) \(mode): refusal without a path: \(error)") }
            } else {
                tally.decoded[mode, default: 0] += 1
            }
            Self.draw(state, now: clock.now, iteration: iteration, generator: &generator, tally: &tally)
            tally.pollSeconds += Self.seconds(polled - started)
            tally.drawSeconds += Self.seconds(timer.now - polled)
        }
        return tally
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The error the poller recorded for the document at `seeds[index]`, nil when it decoded.
    static func outcome(of index: Int, in state: ControlState) -> String? {
        let keys = focus.map(\.key)
        switch index {
        case 0: return state.runtime(runtime)?.health.reason == "bad JSON" ? state.runtime(runtime)?.health.detail : nil
        case 1: return state.runtime(follower)?.health.reason == "bad JSON" ? state.runtime(follower)?.health.detail : nil
        case 2: return state.crdDetails[keys[0]]?.error
        case 3: return state.crLists[keys[1]]?.error
        case 4: return state.resourceDetails[keys[2]]?.error
        case 5: return state.crEvents[keys[2]]?.error
        case 6:
            let endpoint = state.gateways.first { $0.url == gateway }
            return endpoint?.health.reason == "bad JSON" ? endpoint?.health.detail : nil
        default: return state.gatewayCRDs[keys[3]]?.error
        }
    }

    /// Every route at one random size and style, after a few random keys; then `--once`.
    static func draw(_ state: ControlState, now: Date, iteration: Int, generator: inout HostileDocuments, tally: inout Tally) {
        let (columns, rows) = generator.pick(sizes)
        let composer = FrameComposer(theme: generator.chance(50) ? .color : .mono, glyphs: generator.chance(50) ? .utf8 : .ascii,
                                     refreshSeconds: 5)
        let context = ViewContext(state: state, now: now, glyphs: composer.glyphs, refreshSeconds: 5)
        for stack in stacks {
            var ui = ControlUI()
            ui.stack += stack.map(Screen.init(route:))
            ui.stack[ui.stack.count - 1].order = TableOrder(filter: generator.pick(filters),
                                                            sortColumn: generator.chance(50) ? generator.below(13) : nil,
                                                            sortDescending: generator.chance(50))
            for _ in 0..<generator.below(4) { _ = ui.apply(generator.pick(actions), page: ui.page(context)) }
            let frame = composer.compose(ui: ui, state: state, now: now, columns: columns, rows: rows)
            tally.frames += 1
            for (index, cell) in frame.buffer.cells.enumerated() where !isPlainASCII(cell.text) {
                if let scalar = firstUnsafe(cell.text) {
                    tally.problem("#\(iteration) \(stack) \(columns)x\(rows): U+\(String(scalar.value, radix: 16)) drawn in cell \(index)")
                }
            }
        }
        let timer = ContinuousClock()
        let onceStarted = timer.now
        defer { tally.onceSeconds += seconds(timer.now - onceStarted) }
        let text = OnceText.render(state, now: now, glyphs: composer.glyphs, columns: generator.pick([0, 60, 120, 300]), refreshSeconds: 5)
        if let scalar = text.unicodeScalars.first(where: { $0 != "\n" && unsafe($0) }) {
            tally.problem("#\(iteration): --once text holds U+\(String(scalar.value, radix: 16))")
        }
        let json = OnceJSON.render(state, now: now)
        if let scalar = json.unicodeScalars.first(where: { $0 != "\n" && unsafe($0) }) {
            tally.problem("#\(iteration): --once json holds a raw U+\(String(scalar.value, radix: 16))")
        }
        do {
            _ = try JSONValue.parse(json)
        } catch {
            tally.problem("#\(iteration): --once json does not parse: \(error)")
        }
    }
}
