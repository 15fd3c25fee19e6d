import OrkAPI
import OrkValue

extension NotificationEvent {
    /// Reads a `/notify` body within `limits`: a missing or malformed field is a 400, a field over
    /// its cap a 413; the error names the field.
    public init(json body: JSONValue, limits: NotifyLimits = NotifyLimits()) throws(NotifyRejection) {
        guard case .object = body else { throw NotifyRejection(400, "the body is not a JSON object (expected a notification)") }
        func capped(_ name: String, _ text: String, _ limit: Int) throws(NotifyRejection) -> String {
            guard text.utf8.count <= limit else {
                throw NotifyRejection(413, "notification \"\(name)\" is \(text.utf8.count) bytes; at most \(limit) are accepted")
            }
            return text
        }
        func optional(_ name: String, _ limit: Int) throws(NotifyRejection) -> String? {
            guard let value = body[name], !value.isNull else { return nil }
            guard let text = value.stringValue else { throw NotifyRejection(400, "notification \"\(name)\" must be a string") }
            return try capped(name, text, limit)
        }
        guard let event = body["event"]?.stringValue, !event.isEmpty else {
            throw NotifyRejection(400, "notification has no \"event\" (a key such as \"website/default/blog/Degraded\")")
        }
        _ = try capped("event", event, limits.eventBytes)
        guard let list = body["teams"]?.arrayValue, !list.isEmpty else {
            throw NotifyRejection(400, "notification \(event) has no \"teams\" (a list of team names from spec.notification.teams)")
        }
        guard list.count <= limits.teamsPerRequest else {
            throw NotifyRejection(413, "notification \(event) names \(list.count) teams; at most \(limits.teamsPerRequest) are accepted")
        }
        var teams: [String] = []
        for item in list {
            guard let name = item.stringValue, !name.isEmpty else {
                throw NotifyRejection(400, "notification \(event): \"teams\" must be a list of team names")
            }
            let team = try capped("teams", name, limits.teamNameBytes)
            if !teams.contains(team) { teams.append(team) }
        }
        guard let message = body["message"]?.stringValue, !message.isEmpty else {
            throw NotifyRejection(400, "notification \(event) has no \"message\"")
        }
        self.init(event: event, teams: teams, message: try capped("message", message, limits.messageBytes),
                  crd: try optional("crd", limits.crdBytes), object: try optional("object", limits.objectBytes),
                  severity: try optional("severity", limits.severityBytes) ?? "info")
    }

    /// What a team's `message` template sees.
    var document: JSONValue {
        ["event": .string(event), "teams": .array(teams.map(JSONValue.string)), "message": .string(message),
         "crd": crd.map(JSONValue.string) ?? .null, "object": object.map(JSONValue.string) ?? .null,
         "severity": .string(severity)]
    }
}
