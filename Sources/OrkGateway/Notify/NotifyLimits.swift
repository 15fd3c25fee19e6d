import OrkAPI

/// What one `/notify` request and the notifier's memory may hold. Everything a caller sends is
/// capped, so no sequence of requests can grow the gateway's memory without bound.
public struct NotifyLimits: Sendable, Hashable {
    /// The largest body read as JSON: every field at its cap, even fully `\u`-escaped, fits.
    public var bodyBytes = 64 << 10
    /// UTF-8 bytes of `event` (the throttling key).
    public var eventBytes = NotificationWireLimits.eventBytes
    /// UTF-8 bytes of one team name, and how many teams one request may name.
    public var teamNameBytes = 63
    public var teamsPerRequest = 16
    /// UTF-8 bytes of `crd`, `object` and `severity`.
    public var crdBytes = 253
    public var objectBytes = 317
    public var severityBytes = 16
    /// UTF-8 bytes of `message` as sent, and of the text after the team's template rendered it.
    public var messageBytes = NotificationWireLimits.messageBytes
    /// (team, event) pairs remembered for throttling; the least recently used is forgotten first.
    public var throttleEntries = 4_096
    /// Deliveries waiting, by count and by bytes (subject + text + recipient).
    public var queueDeliveries = 1_000
    public var queueBytes = 2 << 20
    /// What a 429 answer asks the caller to wait, in seconds.
    public var retryAfterSeconds = 5

    public init() {}
}

/// A `/notify` request refused: HTTP `status` (400, 413, 429) and the reason.
public struct NotifyRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { message }
}
