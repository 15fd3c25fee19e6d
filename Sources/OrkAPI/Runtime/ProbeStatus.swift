/// The body of `/healthz`, `/livez`, `/health`, `/readyz`, `/ready` and `/startup` (docs/api.md §3).
package struct ProbeStatus: Codable, Sendable, Equatable {
    /// `ok`, `ready`/`not ready` or `started`/`starting`.
    package var status: String
    package var uptimeSeconds: Int
    package var startedAt: String

    package init(status: String, uptimeSeconds: Int, startedAt: String) {
        self.status = status
        self.uptimeSeconds = uptimeSeconds
        self.startedAt = startedAt
    }
}
