/// An endpoint's state as the Control Center shows it (glyph, word and colour).
package enum HealthState: String, Codable, Sendable, CaseIterable {
    /// Not polled yet.
    case unknown
    /// Answered in time and reports itself healthy.
    case ok
    /// Answered, but slower than the slow threshold.
    case slow
    /// Answered, but reports a problem (degraded CRDs, not ready, unreachable gateway replicas).
    case degraded
    /// Did not answer usefully: refused, timeout, DNS, TLS, HTTP status, bad JSON.
    case down

    /// Worst first: down, degraded, slow, unknown, ok (the default sort of every table).
    package var severity: Int {
        switch self {
        case .down: 4
        case .degraded: 3
        case .slow: 2
        case .unknown: 1
        case .ok: 0
        }
    }

    /// The word shown next to the glyph.
    package var word: String {
        switch self {
        case .unknown: "UNKN"
        case .ok: "OK"
        case .slow: "SLOW"
        case .degraded: "DEGR"
        case .down: "DOWN"
        }
    }
}

/// A CRD's state as the runtime reports it (docs/api.md §4), with the Control Center's word.
package enum CRDState: String, Sendable {
    case healthy
    case pending
    case degraded
    case notStarted = "not started"
    case unknown

    package init(apiValue: String) {
        self = CRDState(rawValue: apiValue) ?? .unknown
    }

    /// The word shown next to the glyph.
    package var word: String {
        switch self {
        case .healthy: "healthy"
        case .pending: "pending"
        case .degraded: "degraded"
        case .notStarted: "not started"
        case .unknown: "unknown"
        }
    }
}
