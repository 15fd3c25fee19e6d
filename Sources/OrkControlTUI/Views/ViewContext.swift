import FoundationEssentials

/// What every view builder reads: the polled state, the clock and the glyph set.
package struct ViewContext: Sendable {
    package var state: ControlState
    package var now: Date
    package var glyphs: Glyphs
    package var refreshSeconds: Double

    package init(state: ControlState, now: Date, glyphs: Glyphs, refreshSeconds: Double) {
        self.state = state
        self.now = now
        self.glyphs = glyphs
        self.refreshSeconds = refreshSeconds
    }

    /// Breadcrumb label of a runtime: its Katalog name, else host:port.
    func runtimeLabel(_ url: String) -> String {
        state.runtime(url)?.katalog?.name ?? Format.hostPort(url)
    }

    /// `refused: connection refused · last answer 2m ago` for an endpoint that is down.
    func downLine(_ health: EndpointHealth) -> Line {
        var line: Line = [Span(glyphs.arrow + " " + HealthState.down.word + " " + (health.reason ?? "error"), .bad)]
        if let detail = health.detail, detail != health.reason { line.append(Span(": " + detail, .bad)) }
        if let last = health.lastSuccess {
            line.append(Span(" " + glyphs.dot + " showing data from " + Format.age(since: last, now: now) + " ago", .dim))
        } else {
            line.append(Span(" " + glyphs.dot + " never answered", .dim))
        }
        return line
    }
}
