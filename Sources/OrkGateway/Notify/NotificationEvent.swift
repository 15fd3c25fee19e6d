import OrkCore

/// A notification the runtime (or anyone with access to the gateway's HTTP port) asks the gateway
/// to deliver: `POST /notify` with
/// `{"event": "...", "teams": ["platform"], "message": "...", "crd": "website", "object": "ns/name", "severity": "warning"}`.
/// `event` identifies the condition for throttling: at most one message per (team, event) per the
/// team's `interval`.
public struct NotificationEvent: Sendable, Hashable {
    public var event: String
    public var teams: [String]
    public var message: String
    public var crd: String?
    public var object: String?
    public var severity: String

    public init(event: String, teams: [String], message: String, crd: String? = nil, object: String? = nil,
                severity: String = "info") {
        self.event = event
        self.teams = teams
        self.message = message
        self.crd = crd
        self.object = object
        self.severity = severity
    }

    /// Reads a `/notify` body; the error names the field.
    public init(json body: JSONValue) throws(WebhookError) {
        guard case .object = body else { throw WebhookError("the body is not a JSON object (expected a notification)") }
        guard let event = body["event"]?.stringValue, !event.isEmpty else {
            throw WebhookError("notification has no \"event\" (a key such as \"website/default/blog/Degraded\")")
        }
        guard let teams = body["teams"]?.arrayValue?.compactMap(\.stringValue), !teams.isEmpty else {
            throw WebhookError("notification \(event) has no \"teams\" (a list of team names from spec.notification.teams)")
        }
        guard let message = body["message"]?.stringValue, !message.isEmpty else {
            throw WebhookError("notification \(event) has no \"message\"")
        }
        self.init(event: event, teams: teams, message: message, crd: body["crd"]?.stringValue, object: body["object"]?.stringValue,
                  severity: body["severity"]?.stringValue ?? "info")
    }

    /// What a team's `message` template sees.
    var document: JSONValue {
        ["event": .string(event), "teams": .array(teams.map(JSONValue.string)), "message": .string(message),
         "crd": crd.map(JSONValue.string) ?? .null, "object": object.map(JSONValue.string) ?? .null,
         "severity": .string(severity)]
    }
}
