/// Somewhere a message can be delivered (a Slack incoming webhook, an SMTP relay).
public protocol NotificationChannel: Sendable {
    /// Delivers `text` to `recipient` (a webhook URL, an email address); throws a reason on failure.
    func send(_ text: String, subject: String, to recipient: String) async throws
}

/// Why a delivery failed.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
