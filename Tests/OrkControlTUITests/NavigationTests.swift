import OrkAPI
import Foundation
import OrkControlTUI
import Testing

/// Key handling of the UI model over the scenario: drill-down and back, filter, sort, paging,
/// help, pause and quit.
@Suite struct NavigationTests {
    struct Driver {
        var ui = ControlUI()
        let state: ControlState
        let now: Date
        let composer = FrameComposer(theme: .mono, glyphs: .utf8, refreshSeconds: 5)

        func frame() -> FrameComposer.Frame { composer.compose(ui: ui, state: state, now: now, columns: 120, rows: 30) }

        @discardableResult
        mutating func press(_ keys: Key...) -> [Effect] {
            var effects: [Effect] = []
            for key in keys {
                let frame = frame()
                ui.viewportHeight = frame.viewport.height
                effects += ui.handle(key, page: frame.page)
            }
            return effects
        }

        mutating func type(_ text: String) { for character in text { press(.character(character)) } }

        var selectedKey: String? {
            let frame = frame()
            guard case .table(let table) = frame.page.content, let index = frame.selected else { return nil }
            return table.rows[index].key
        }

        var rowKeys: [String] {
            guard case .table(let table) = frame().page.content else { return [] }
            return table.rows.map(\.key)
        }
    }

    func driver() async throws -> Driver {
        let (state, now) = try await Scenario.state()
        return Driver(state: state, now: now)
    }

    @Test func worstFirstAndSelectionSkipsGatewayRows() async throws {
        var driver = try await driver()
        #expect(driver.selectedKey == Scenario.runtimeC)  // DOWN sorts first
        driver.press(.down)
        #expect(driver.selectedKey == Scenario.runtimeA)  // DEGRADED next, its reason row skipped
        driver.press(.down)
        #expect(driver.selectedKey == Scenario.runtimeB)  // A's gateway rows are not selectable
        driver.press(.down, .down, .down)
        #expect(driver.selectedKey == Scenario.runtimeB)
    }

    @Test func drillsToTheChildTreeAndBack() async throws {
        var driver = try await driver()
        driver.press(.down, .enter)
        #expect(driver.ui.current.route == .controlPanel(runtime: Scenario.runtimeA))
        #expect(driver.selectedKey == "website")
        driver.press(.enter)
        #expect(driver.ui.current.route == .crdDetail(runtime: Scenario.runtimeA, crd: "website"))
        driver.press(.enter)
        #expect(driver.ui.current.route == .resources(runtime: Scenario.runtimeA, crd: "website"))
        #expect(driver.selectedKey == "shop/alpha")
        driver.press(.enter)
        #expect(driver.ui.current.route == .resourceDetail(runtime: Scenario.runtimeA, crd: "website", namespace: "shop", name: "alpha"))
        let text = (0..<30).map { driver.frame().buffer.text(row: $0) }.joined(separator: "\n")
        #expect(text.contains("└─ alpha-svc"))
        #expect(text.contains("ImagePullBackOff"))
        driver.press(.escape, .escape, .escape, .escape)
        #expect(driver.ui.current.route == .controlCenter)
        #expect(driver.selectedKey == Scenario.runtimeA)  // the selection is kept per level
        driver.press(.escape)
        #expect(driver.ui.stack.count == 1)  // Esc never leaves the top level
    }

    @Test func filterNarrowsRowsAndEscClears() async throws {
        var driver = try await driver()
        let all = driver.rowKeys.count
        driver.press(.character("/"))
        #expect(driver.ui.filtering)
        driver.type("standby")
        #expect(driver.rowKeys.first == Scenario.runtimeB)
        #expect(!driver.rowKeys.contains(Scenario.runtimeA) && !driver.rowKeys.contains(Scenario.runtimeC))
        driver.press(.enter)
        #expect(!driver.ui.filtering)
        #expect(driver.ui.current.order.filter == "standby")
        driver.press(.escape)
        #expect(driver.ui.current.order.filter.isEmpty)
        #expect(driver.rowKeys.count == all)
        driver.press(.character("/"))
        driver.type("!refused")
        #expect(!driver.rowKeys.contains(Scenario.runtimeC))
        #expect(driver.rowKeys.contains(Scenario.runtimeA))
    }

    @Test func sortCyclesColumnsAndReverses() async throws {
        var driver = try await driver()
        driver.press(.character("s"))
        #expect(driver.ui.current.order.sortColumn == 1)
        let mains = driver.rowKeys.filter { [Scenario.runtimeA, Scenario.runtimeB, Scenario.runtimeC].contains($0) }
        // By RUNTIME name: the refusing runtime shows its URL, the others their Katalog name (shop-operators both).
        #expect(mains == [Scenario.runtimeC, Scenario.runtimeA, Scenario.runtimeB])
        driver.press(.character("S"))
        let reversed = driver.rowKeys.filter { [Scenario.runtimeA, Scenario.runtimeB, Scenario.runtimeC].contains($0) }
        #expect(reversed == [Scenario.runtimeA, Scenario.runtimeB, Scenario.runtimeC])
    }

    @Test func pagingMovesByTheViewport() async throws {
        var driver = try await driver()
        var list = driver.state
        let items = (0..<100).map { ResourceItem(name: "cr-\($0)", namespace: "ns", phase: nil, ready: true, readyReason: nil, generation: 1,
                                           observedGeneration: 1, age: 5, creationTimestamp: nil) }
        list.crLists[FocusRequest.crList(runtime: Scenario.runtimeA, crd: "website").key] =
            Loaded(value: ResourceList(crd: "website", total: 100, items: items, truncated: false), fetchedAt: driver.now)
        driver = Driver(ui: driver.ui, state: list, now: driver.now)
        driver.press(.down, .enter, .enter, .enter)
        #expect(driver.selectedKey == "ns/cr-0")
        let height = driver.frame().viewport.height
        driver.press(.pageDown)
        #expect(driver.selectedKey == "ns/cr-\(height - 1)")
        driver.press(.end)
        #expect(driver.selectedKey == "ns/cr-99")
        driver.press(.home)
        #expect(driver.selectedKey == "ns/cr-0")
    }

    @Test func helpPauseAndQuit() async throws {
        var driver = try await driver()
        driver.press(.character("?"))
        #expect(driver.ui.current.route == .help)
        driver.press(.character("?"))
        #expect(driver.ui.current.route == .controlCenter)
        #expect(driver.press(.character("p")) == [.setPaused(true)])
        #expect(driver.press(.character("p")) == [.setPaused(false)])
        #expect(driver.press(.character("r")) == [.pollNow])
        driver.press(.character("e"))
        #expect(driver.ui.current.route == .errors)
        #expect(driver.press(.character("q")) == [.quit])
        #expect(driver.ui.quit)
    }

    @Test func everyBindingIsInTheHelpAndActionsAreUnique() {
        let help = HelpView.page(glyphs: .utf8)
        guard case .document(let lines) = help.content else {
            Issue.record("help is not a document")
            return
        }
        let text = lines.map(\.plainText).joined(separator: "\n")
        var seen = Set<Key>()
        for binding in KeyTable.bindings {
            #expect(text.contains(binding.help))
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) is bound twice")
                seen.insert(key)
            }
        }
    }
}
