import Foundation
import OrkControlTUI
import OrkValue
import Testing

/// Regression for `ork control --once` trapping (exit 132) on `queueDepth: 9223372036854775807`:
/// the contract's documents with `Int.max`, `Int.min` and `1e300` in every numeric field decode
/// and every view draws them; sums saturate instead of overflowing.
@Suite struct ExtremeNumbersTests {
    /// `value` with every integer replaced by `integer` and every other number by `double`.
    static func replacingNumbers(_ value: JSONValue, integer: Int, double: Double) -> JSONValue {
        switch value {
        case .int: .int(integer)
        case .double: .double(double)
        case .array(let items): .array(items.map { replacingNumbers($0, integer: integer, double: double) })
        case .object(let fields): .object(fields.mapValues { replacingNumbers($0, integer: integer, double: double) })
        default: value
        }
    }

    static func state(integer: Int, double: Double) async throws -> ControlState {
        let fetcher = try Scenario.fetcher()
        for (url, body) in [(Scenario.runtimeA + "/katalog", try TestFiles.runtime("katalog")),
                            (Scenario.runtimeA + "/katalog/website", try TestFiles.runtime("crd-website")),
                            (Scenario.runtimeA + "/katalog/website/cr?limit=500", try TestFiles.runtime("cr-list-website")),
                            (Scenario.runtimeA + "/katalog/website/cr/shop/alpha", try TestFiles.runtime("cr-website-alpha")),
                            (Scenario.runtimeA + "/katalog/website/cr/shop/alpha/events", try TestFiles.runtime("events-website-alpha")),
                            (Scenario.gateway + "/katalog", try TestFiles.gateway("katalog")),
                            (Scenario.gateway + "/katalog/website", try TestFiles.gateway("katalog_website"))] {
            let extreme = replacingNumbers(try JSONValue.parse(bytes: body), integer: integer, double: double)
            fetcher.set(url, .success(Array(extreme.serialized().utf8)))
        }
        let poller = Poller(runtimeURLs: [Scenario.runtimeA], gatewayURLs: [], fetcher: fetcher, options: PollOptions(),
                            now: { Scenario.start })
        await poller.setFocus([
            .crdDetail(runtime: Scenario.runtimeA, crd: "website"), .crList(runtime: Scenario.runtimeA, crd: "website"),
            .resourceDetail(runtime: Scenario.runtimeA, crd: "website", namespace: "shop", name: "alpha"),
            .gatewayCRD(gateway: Scenario.gateway, crd: "website"),
        ])
        await poller.pollFleet()
        await poller.pollFocus()
        return await poller.state
    }

    static func screens(_ state: ControlState) -> [String: String] {
        var screens: [String: String] = [:]
        for view in ViewGoldenTests.views {
            for (columns, rows) in [(60, 12), (80, 24), (250, 120)] {
                let frame = FrameComposer(theme: .color, glyphs: .utf8, refreshSeconds: 5)
                    .compose(ui: ViewGoldenTests.ui(for: view), state: state, now: Scenario.start, columns: columns, rows: rows)
                screens["\(view) \(columns)x\(rows)"] = (0..<frame.buffer.rows).map { frame.buffer.text(row: $0) }.joined(separator: "\n")
            }
        }
        return screens
    }

    @Test(arguments: [(Int.max, 1e300), (Int.min, -1e300), (-1, -1.0), (Int.max, Double.greatestFiniteMagnitude)])
    func everyViewDrawsExtremeCounts(integer: Int, double: Double) async throws {
        let state = try await Self.state(integer: integer, double: double)
        let runtime = try #require(state.runtime(Scenario.runtimeA))
        #expect(runtime.health.reason != "bad JSON", "\(runtime.health.detail ?? "")")
        #expect(runtime.katalog?.crds.first?.queueDepth == integer)
        #expect(state.crdDetails.values.first?.value?.queue.depth == integer)
        #expect(state.gateways.first { $0.url == Scenario.gateway }?.fleet?.totals?.validation?.total == integer)
        let screens = Self.screens(state)
        let detail = try #require(screens["crd-detail 250x120"])
        #expect(detail.contains("depth"))
        #expect(detail.contains("\(integer)/\(integer)"), "\(detail)")
        _ = OnceText.render(state, now: Scenario.start, glyphs: .ascii, columns: 200, refreshSeconds: 5)
        let json = try JSONValue.parse(OnceJSON.render(state, now: Scenario.start))
        #expect(json["runtimes"]?[0]?["katalog"]?["crds"]?[0]?["queueDepth"] == .int(integer))
    }

    /// The Control Center's sums over CRDs and the gateway's totals saturate at `Int.max`.
    @Test func sumsSaturate() async throws {
        let state = try await Self.state(integer: .max, double: 1e300)
        let page = ControlCenterView.page(ViewContext(state: state, now: Scenario.start, glyphs: .ascii, refreshSeconds: 5),
                                          order: TableOrder())
        guard case .table(let table) = page.content else {
            Issue.record("the Control Center is not a table")
            return
        }
        let row = try #require(table.rows.first { $0.key == Scenario.runtimeA })
        let cells = row.cells.map(\.plainText)
        #expect(cells[6] == "\(Int.max)/\(Int.max)")  // WORK: busy/total summed over 4 CRDs
        #expect(cells[7] == "\(Int.max)")  // RES
        #expect(cells[8] == "\(Int.max)")  // QUEUE
        #expect(cells[9] == "-")  // ERR%: 1e300% of Int.max reconciles is not a number to show
        let stats = try #require(state.gateways.first { $0.url == Scenario.gateway }?.fleet?.totals)
        #expect(stats.admissionTotal == .max)
        #expect(stats.protectionTotal == .max)
        let negative = try await Self.state(integer: .min, double: -1e300)
        let low = try #require(negative.gateways.first { $0.url == Scenario.gateway }?.fleet?.totals)
        #expect(low.admissionTotal == .min)
    }
}
