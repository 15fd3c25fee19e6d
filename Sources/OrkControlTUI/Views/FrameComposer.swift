import FoundationEssentials

/// Builds one frame: the current screen's page, the chrome around it, laid out into a buffer.
package struct FrameComposer: Sendable {
    package var theme: Theme
    package var glyphs: Glyphs
    package var refreshSeconds: Double

    package init(theme: Theme, glyphs: Glyphs, refreshSeconds: Double) {
        self.theme = theme
        self.glyphs = glyphs
        self.refreshSeconds = refreshSeconds
    }

    /// A frame: the buffer, where the selection/scroll ended up, and the page it showed.
    package struct Frame: Sendable {
        package var buffer: CellBuffer
        package var viewport: Viewport
        package var page: Page
        package var selected: Int?
    }

    package func compose(ui: ControlUI, state: ControlState, now: Date, columns: Int, rows: Int) -> Frame {
        let context = ViewContext(state: state, now: now, glyphs: glyphs, refreshSeconds: refreshSeconds)
        let page = ui.page(context)
        var selected: Int?
        if case .table(let table) = page.content { selected = ui.current.selection(in: table) }
        var buffer = CellBuffer(columns: columns, rows: rows)
        let renderer = PageRenderer(theme: theme, glyphs: glyphs)
        let viewport = renderer.render(page, chrome: chrome(ui: ui, state: state, now: now), selected: selected,
                                       top: ui.current.top, into: &buffer)
        return Frame(buffer: buffer, viewport: viewport, page: page, selected: selected)
    }

    func chrome(ui: ControlUI, state: ControlState, now: Date) -> Chrome {
        let dot = " " + glyphs.dot + " "
        let down = state.runtimes.filter { $0.health.state == .down }.count
        let gatewaysDown = state.gateways.filter { $0.health.state == .down }.count
        func count(_ total: Int, _ noun: String, down: Int) -> String {
            "\(total) \(noun)" + (total == 1 ? "" : "s") + (down > 0 ? ", \(down) down" : "")
        }
        var right: Line = [Span(count(state.runtimes.count, "runtime", down: down))]
        right.append(Span(dot + count(state.gateways.count, "gateway", down: gatewaysDown)))
        right.append(Span(dot + (state.lastPoll.map { "polled " + Format.age(since: $0, now: now) + " ago" } ?? "polling")))
        if state.paused || ui.paused { right.append(Span(dot + "PAUSED")) }
        var status: Line = []
        if ui.filtering {
            status = [Span("/", .key), Span(ui.current.order.filter + "_"), Span("  Enter keeps, Esc clears", .dim)]
        } else if let flash = ui.flash {
            status = [Span(flash, .info)]
        } else if !ui.current.order.filter.isEmpty {
            status = [Span("filter: ", .dim), Span(ui.current.order.filter, .key), Span("  (Esc clears)", .dim)]
        }
        return Chrome(title: "Orkestra Control Center", titleRight: right, status: status, hints: KeyTable.hints(glyphs: glyphs))
    }
}
