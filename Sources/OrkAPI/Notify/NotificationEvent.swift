import OrkValue

/// A notification the runtime asks the gateway to deliver: `POST /notify` (with the runtime's
/// ServiceAccount token) and
/// `{"event": "...", "teams": ["platform"], "message": "...", "crd": "website", "object": "ns/name", "severity": "warning"}`.
/// `event` identifies the condition for throttling: at most one message per (team, event) per the
/// team's `interval`. The runtime encodes it (`json`); the gateway reads it within its limits.
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

    /// The `/notify` body.
    public var json: JSONValue {
        var body: [String: JSONValue] = ["event": .string(event), "teams": .array(teams.map(JSONValue.string)),
                                         "message": .string(message), "severity": .string(severity)]
        if let crd { body["crd"] = .string(crd) }
        if let object { body["object"] = .string(object) }
        return .object(body)
    }
}
