/// A state shown as glyph + word + colour role, never colour alone.
package enum Badge: Sendable, Equatable {
    case health(HealthState)
    case crd(CRDState)
    case ready(Bool)

    package func glyph(_ glyphs: Glyphs) -> String {
        switch self {
        case .health(let state):
            switch state {
            case .ok: glyphs.ok
            case .slow: glyphs.slow
            case .degraded: glyphs.degraded
            case .down: glyphs.down
            case .unknown: glyphs.unknown
            }
        case .crd(let state):
            switch state {
            case .healthy: glyphs.ok
            case .pending: glyphs.pending
            case .degraded: glyphs.degraded
            case .notStarted: glyphs.down
            case .unknown: glyphs.unknown
            }
        case .ready(let ready): ready ? glyphs.ok : glyphs.degraded
        }
    }

    package var word: String {
        switch self {
        case .health(let state): state.word
        case .crd(let state): state.word
        case .ready(let ready): ready ? "ready" : "not ready"
        }
    }

    package var role: Role {
        switch self {
        case .health(let state):
            switch state {
            case .ok: .ok
            case .slow, .degraded: .warn
            case .down: .bad
            case .unknown: .dim
            }
        case .crd(let state):
            switch state {
            case .healthy: .ok
            case .pending: .info
            case .degraded: .warn
            case .notStarted: .bad
            case .unknown: .dim
            }
        case .ready(let ready): ready ? .ok : .warn
        }
    }

    /// `● OK` as one span.
    package func span(_ glyphs: Glyphs) -> Span { Span(glyph(glyphs) + " " + word, role) }
}
