/// Decodes `spec.security` and `spec.notification`.
struct SecurityDecoder {
    let context: LoaderContext

    func security(_ node: YAMLNode) -> SecuritySettings {
        var settings = SecuritySettings()
        guard let reader = FieldReader(node, path: "spec.security", context: context,
                                       allowed: ["webhooks", "deletionProtection", "conversion"])
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
        if let node = reader.value("conversion"),
           let conversion = FieldReader(node, path: reader.field("conversion"), context: context, allowed: ["enabled"]) {
            settings.conversionEnabled = conversion.bool("enabled") ?? false
        }
        return settings
    }

    func notification(_ node: YAMLNode) -> NotificationSettings {
        var settings = NotificationSettings()
        guard let reader = FieldReader(node, path: "spec.notification", context: context, allowed: ["teams"]),
              let teamsNode = reader.value("teams")
        else { return settings }
        guard let pairs = teamsNode.pairs else {
            context.error("expected a mapping of team name: settings", at: teamsNode.position, field: reader.field("teams"))
            return settings
        }
        for pair in pairs {
            let path = "\(reader.field("teams")).\(pair.key)"
            guard let team = FieldReader(pair.value, path: path, context: context,
                                         allowed: ["slackWebhookUrl", "email", "interval", "message"])
            else { continue }
            var value = NotificationTeam()
            value.slackWebhookURL = team.string("slackWebhookUrl")
            value.email = team.stringList("email") ?? []
            value.message = team.string("message")
            if let interval = team.duration("interval") { value.interval = interval }
            if let url = value.slackWebhookURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
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
}
