/// `spec.notification`: teams that conditions and rules can notify, and the SMTP relay email goes through.
public struct NotificationSettings: Sendable, Hashable {
    public var teams: [String: NotificationTeam]
    /// `spec.notification.smtp`; nil uses the gateway's `SMTP_*` environment.
    public var smtp: SMTPSettings?

    public init(teams: [String: NotificationTeam] = [:], smtp: SMTPSettings? = nil) {
        self.teams = teams
        self.smtp = smtp
    }

    /// Every Secret a `secretKeyRef` names (the gateway needs `get` on each, in its namespace).
    public var referencedSecrets: [String] {
        var values = teams.values.compactMap(\.slackWebhookURL)
        if let smtp { values += [smtp.username, smtp.password].compactMap { $0 } }
        var names = Set<String>()
        for value in values { if case .secretKeyRef(let name, _) = value { names.insert(name) } }
        return names.sorted()
    }
}

/// `spec.notification.smtp`: the relay email is sent through (plain SMTP, optional AUTH PLAIN).
public struct SMTPSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var from: String
    public var username: SecretValue?
    public var password: SecretValue?

    public init(host: String, port: Int = 25, from: String = "orkestra@localhost", username: SecretValue? = nil,
                password: SecretValue? = nil) {
        self.host = host
        self.port = port
        self.from = from
        self.username = username
        self.password = password
    }
}

/// One notification team: where its messages go and how often at most.
public struct NotificationTeam: Sendable, Hashable {
    public var slackWebhookURL: SecretValue?
    public var email: [String]
    /// At most one message per (team, event) per interval.
    public var interval: KatalogDuration
    /// A template for the message text; nil uses the event's own message.
    public var message: String?

    public init(slackWebhookURL: SecretValue? = nil, email: [String] = [], interval: KatalogDuration = .minutes(15),
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
