import FoundationEssentials

/// One poll's outcome in an endpoint's history strip.
package struct HistorySample: Sendable, Equatable {
    package var state: HealthState
    package var latencyMs: Double?

    package init(state: HealthState, latencyMs: Double?) {
        self.state = state
        self.latencyMs = latencyMs
    }
}

/// The polling record of one endpoint: current state and reason, timings and recent history.
package struct EndpointHealth: Sendable, Equatable {
    package static let historyLength = 16

    package var state: HealthState = .unknown
    /// Why the state is not OK: the failure class (`refused`, `timeout`, `HTTP 503`) or the
    /// endpoint's own reason (`1 degraded (database)`).
    package var reason: String?
    /// The full failure text (`connection refused: …`), nil when the last poll succeeded.
    package var detail: String?
    package var latencyMs: Double?
    package var lastAttempt: Date?
    package var lastSuccess: Date?
    /// Failed polls in a row.
    package var failures: Int = 0
    /// Oldest first, at most `historyLength`.
    package var history: [HistorySample] = []

    package init() {}

    /// Records a poll that answered, with the state the answer implies.
    package mutating func recordSuccess(at time: Date, latencyMs: Double, state: HealthState, reason: String?) {
        self.state = state
        self.reason = reason
        detail = nil
        self.latencyMs = latencyMs
        lastAttempt = time
        lastSuccess = time
        failures = 0
        append(HistorySample(state: state, latencyMs: latencyMs))
    }

    /// Records a failed poll; the last-known data stays with the caller.
    package mutating func recordFailure(at time: Date, _ failure: FetchFailure) {
        state = .down
        reason = failure.reason
        detail = failure.detail
        latencyMs = nil
        lastAttempt = time
        failures += 1
        append(HistorySample(state: .down, latencyMs: nil))
    }

    mutating func append(_ sample: HistorySample) {
        history.append(sample)
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
    }
}
