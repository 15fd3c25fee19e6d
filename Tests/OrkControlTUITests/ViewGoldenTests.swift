import Foundation
import OrkControlTUI
import Testing

/// Every view rendered into the screen buffer at 80×24 and 160×48, colour and monochrome
/// (NO_COLOR), UTF-8 and ASCII, compared with golden files (text, then style runs).
@Suite struct ViewGoldenTests {
    static let views = ["control-center", "control-panel", "crd-detail", "resources", "cr-detail", "errors", "help"]
    static let sizes = [(80, 24), (160, 48)]
    static let variants: [(Theme, Glyphs)] = [(.color, .utf8), (.mono, .utf8), (.color, .ascii), (.mono, .ascii)]

    static func ui(for view: String) -> ControlUI {
        var ui = ControlUI()
        let a = Scenario.runtimeA
        let routes: [Route]
        switch view {
        case "control-panel": routes = [.controlPanel(runtime: a)]
        case "crd-detail": routes = [.controlPanel(runtime: a), .crdDetail(runtime: a, crd: "website")]
        case "resources": routes = [.controlPanel(runtime: a), .crdDetail(runtime: a, crd: "website"), .resources(runtime: a, crd: "website")]
        case "cr-detail":
            routes = [.controlPanel(runtime: a), .crdDetail(runtime: a, crd: "website"), .resources(runtime: a, crd: "website"),
                      .resourceDetail(runtime: a, crd: "website", namespace: "shop", name: "alpha")]
        case "errors": routes = [.errors]
        case "help": routes = [.help]
        default: routes = []
        }
        ui.stack += routes.map(Screen.init(route:))
        return ui
    }

    @Test(arguments: views)
    func view(_ view: String) async throws {
        let (state, now) = try await Scenario.state()
        for (columns, rows) in Self.sizes {
            for (theme, glyphs) in Self.variants {
                let composer = FrameComposer(theme: theme, glyphs: glyphs, refreshSeconds: 5)
                let frame = composer.compose(ui: Self.ui(for: view), state: state, now: now, columns: columns, rows: rows)
                try GoldenFile.check(BufferSnapshot.text(frame.buffer), "\(view)/\(columns)x\(rows)-\(theme.name)-\(glyphs.name).txt")
            }
        }
    }

    @Test func tooSmall() async throws {
        let (state, now) = try await Scenario.state()
        for (theme, glyphs) in Self.variants {
            let composer = FrameComposer(theme: theme, glyphs: glyphs, refreshSeconds: 5)
            let frame = composer.compose(ui: ControlUI(), state: state, now: now, columns: 50, rows: 10)
            try GoldenFile.check(BufferSnapshot.text(frame.buffer), "too-small/50x10-\(theme.name)-\(glyphs.name).txt")
        }
    }

    /// NO_COLOR output carries state without colour: no cell has a foreground colour, and every
    /// state still has its word.
    @Test func monochromeHasNoColourButKeepsStateWords() async throws {
        let (state, now) = try await Scenario.state()
        let frame = FrameComposer(theme: .mono, glyphs: .utf8, refreshSeconds: 5)
            .compose(ui: ControlUI(), state: state, now: now, columns: 160, rows: 48)
        for row in 0..<frame.buffer.rows {
            for column in 0..<frame.buffer.columns {
                #expect(frame.buffer.cell(row: row, column: column).style.foreground == nil)
            }
        }
        let text = (0..<frame.buffer.rows).map { frame.buffer.text(row: $0) }.joined(separator: "\n")
        #expect(text.contains("✖ DOWN"))
        #expect(text.contains("▲ DEGR"))
        #expect(text.contains("● OK"))
    }

    /// ASCII output has no character outside ASCII.
    @Test func asciiGlyphsAreASCII() async throws {
        let (state, now) = try await Scenario.state()
        for view in Self.views {
            let frame = FrameComposer(theme: .mono, glyphs: .ascii, refreshSeconds: 5)
                .compose(ui: Self.ui(for: view), state: state, now: now, columns: 160, rows: 48)
            for row in 0..<frame.buffer.rows {
                let line = frame.buffer.text(row: row)
                #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(view) row \(row): \(line)")
            }
        }
    }
}
