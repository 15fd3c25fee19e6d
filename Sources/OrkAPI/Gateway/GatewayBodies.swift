/// The body of the gateway's `/healthz` family (`ok`) and `/readyz` family (`ok` or `starting`).
package struct GatewayProbe: Codable, Sendable, Equatable {
    package var status: String

    package init(status: String) {
        self.status = status
    }
}

/// The body of a 202 to `POST /notify`: the teams the event was queued for and those whose
/// throttle window swallowed it.
package struct NotifyReceipt: Codable, Sendable, Equatable {
    package var queued: [String]
    package var throttled: [String]

    package init(queued: [String], throttled: [String]) {
        self.queued = queued
        self.throttled = throttled
    }
}
