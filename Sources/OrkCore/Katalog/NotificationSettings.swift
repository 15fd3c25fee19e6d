/// `spec.notification`: teams that conditions and rules can notify.
public struct NotificationSettings: Sendable, Hashable {
    public var teams: [String: NotificationTeam]

    public init(teams: [String: NotificationTeam] = [:]) {
        self.teams = teams
    }
}

/// One notification team: where its messages go and how often at most.
public struct NotificationTeam: Sendable, Hashable {
    public var slackWebhookURL: String?
    public var email: [String]
    /// At most one message per (team, event) per interval.
    public var interval: KatalogDuration
    /// A template for the message text; nil uses the event's own message.
    public var message: String?

    public init(slackWebhookURL: String? = nil, email: [String] = [], interval: KatalogDuration = .minutes(15),
                message: String? = nil) {
        self.slackWebhookURL = slackWebhookURL
        self.email = email
        self.interval = interval
        self.message = message
    }
}

/// A request to notify teams, attachable to validation rules and status fields.
public struct NotifySpec: Sendable, Hashable {
    public var teams: [String]
    public var message: String?

    public init(teams: [String], message: String? = nil) {
        self.teams = teams
        self.message = message
    }
}
