import OrkValue

/// Decodes `spec.security` and `spec.notification`.
struct SecurityDecoder {
    let context: LoaderContext

    func security(_ node: YAMLNode) -> SecuritySettings {
        var settings = SecuritySettings()
        guard let reader = FieldReader(node, path: "spec.security", context: context,
                                       allowed: ["webhooks", "deletionProtection", "conversion", "namespaceProtection"])
        else { return settings }
        let policies = FailurePolicy.allCases.map(\.rawValue)
        if let node = reader.value("webhooks"),
           let webhooks = FieldReader(node, path: reader.field("webhooks"), context: context,
                                      allowed: ["admission", "failurePolicy"]) {
            if let admissionNode = webhooks.value("admission"),
               let admission = FieldReader(admissionNode, path: webhooks.field("admission"), context: context,
                                           allowed: ["enabled"]) {
                settings.admissionEnabled = admission.bool("enabled") ?? false
            }
            if let policy = webhooks.choice("failurePolicy", from: policies).flatMap(FailurePolicy.init) {
                settings.admissionFailurePolicy = policy
            }
        }
        if let node = reader.value("deletionProtection"),
           let protection = FieldReader(node, path: reader.field("deletionProtection"), context: context,
                                        allowed: ["enabled", "failurePolicy", "strictMode"]) {
            var value = DeletionProtection()
            value.enabled = protection.bool("enabled") ?? true
            value.failurePolicy = protection.choice("failurePolicy", from: policies).flatMap(FailurePolicy.init) ?? .fail
            value.strictMode = protection.bool("strictMode") ?? false
            settings.deletionProtection = value
        }
        if let node = reader.value("namespaceProtection"),
           let protection = FieldReader(node, path: reader.field("namespaceProtection"), context: context,
                                        allowed: ["enabled", "failurePolicy", "allowedNamespaces", "restrictedNamespaces"]) {
            var value = NamespaceProtection()
            value.enabled = protection.bool("enabled") ?? true
            value.failurePolicy = protection.choice("failurePolicy", from: policies).flatMap(FailurePolicy.init) ?? .fail
            value.rules = NamespaceRulesDecoder(context: context).rules(protection)
            settings.namespaceProtection = value
        }
        if let node = reader.value("conversion"),
           let conversion = FieldReader(node, path: reader.field("conversion"), context: context, allowed: ["enabled"]) {
            settings.conversionEnabled = conversion.bool("enabled") ?? false
        }
        return settings
    }

    func notification(_ node: YAMLNode) -> NotificationSettings {
        var settings = NotificationSettings()
        guard let reader = FieldReader(node, path: "spec.notification", context: context, allowed: ["teams", "smtp"]) else {
            return settings
        }
        if let smtpNode = reader.value("smtp") { settings.smtp = smtp(smtpNode, path: reader.field("smtp")) }
        guard let teamsNode = reader.value("teams") else { return settings }
        guard let pairs = teamsNode.pairs else {
            context.error("expected a mapping of team name: settings", at: teamsNode.position, field: reader.field("teams"))
            return settings
        }
        let secrets = SecretValueDecoder(context: context)
        for pair in pairs {
            let path = "\(reader.field("teams")).\(pair.key)"
            guard let team = FieldReader(pair.value, path: path, context: context,
                                         allowed: ["slackWebhookUrl", "email", "interval", "message"])
            else { continue }
            var value = NotificationTeam()
            value.slackWebhookURL = secrets.secretValue(team, "slackWebhookUrl", what: "the Slack webhook URL of team \(pair.key)")
            value.email = team.stringList("email") ?? []
            value.message = team.string("message")
            if let interval = team.duration("interval") { value.interval = interval }
            if let url = value.slackWebhookURL?.plainText, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                context.error("slackWebhookUrl must be an http(s) URL", at: team.position("slackWebhookUrl"),
                              field: team.field("slackWebhookUrl"))
            }
            for (index, address) in value.email.enumerated() where !address.contains("@") {
                context.error("\"\(address)\" is not an email address", at: team.position("email"),
                              field: "\(team.field("email"))[\(index)]")
            }
            if value.slackWebhookURL == nil && value.email.isEmpty {
                context.warning("team \(pair.key) has no slackWebhookUrl or email: its notifications go nowhere",
                                at: pair.keyPosition, field: path)
            }
            settings.teams[pair.key] = value
        }
        return settings
    }

    /// `spec.notification.smtp: {host, port (25), from, username, password}`; credentials may be references.
    func smtp(_ node: YAMLNode, path: String) -> SMTPSettings? {
        guard let reader = FieldReader(node, path: path, context: context, allowed: ["host", "port", "from", "username", "password"],
                                       required: ["host"]),
              let host = reader.string("host")
        else { return nil }
        let secrets = SecretValueDecoder(context: context)
        var settings = SMTPSettings(host: host)
        if let port = reader.int("port", in: 1...65535) { settings.port = port }
        if let from = reader.string("from") {
            if !from.contains("@") {
                context.error("\"\(from)\" is not an email address", at: reader.position("from"), field: reader.field("from"))
            }
            settings.from = from
        }
        settings.username = secrets.secretValue(reader, "username", what: "the SMTP username", warnIfPlain: false)
        settings.password = secrets.secretValue(reader, "password", what: "the SMTP password")
        if (settings.username == nil) != (settings.password == nil) {
            context.error("username and password go together (AUTH PLAIN needs both)", at: node.position, field: path)
        }
        return settings
    }
}
