import Testing
import OrkKatalog

/// Secrets in `spec.notification` (the Slack webhook URL, SMTP credentials) can be references to a
/// Secret or an environment variable; plain text is allowed with a warning.
@Suite struct NotificationSecretsTests {
    @Test func referencesAreDecoded() throws {
        let result = load(katalogText(spec: """
          notification:
            smtp:
              host: relay.mail.svc
              port: 2525
              from: orkestra@example.com
              username: {env: SMTP_USER}
              password: {valueFrom: {secretKeyRef: {name: smtp-credentials, key: password}}}
            teams:
              platform:
                slackWebhookUrl: {valueFrom: {secretKeyRef: {name: platform-notifications, key: slack.url}}}
              data:
                slackWebhookUrl: {env: DATA_SLACK_WEBHOOK}
                email: [data@example.com]
        """))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let settings = try #require(result.katalog?.notification)
        #expect(settings.teams["platform"]?.slackWebhookURL == .secretKeyRef(name: "platform-notifications", key: "slack.url"))
        #expect(settings.teams["data"]?.slackWebhookURL == .env("DATA_SLACK_WEBHOOK"))
        #expect(settings.smtp == SMTPSettings(host: "relay.mail.svc", port: 2525, from: "orkestra@example.com",
                                              username: .env("SMTP_USER"),
                                              password: .secretKeyRef(name: "smtp-credentials", key: "password")))
        #expect(settings.referencedSecrets == ["platform-notifications", "smtp-credentials"])
    }

    @Test func plainTextIsAllowedWithAWarning() throws {
        let result = load(katalogText(spec: """
          notification:
            smtp: {host: relay, username: bot, password: hunter2}
            teams:
              platform: {slackWebhookUrl: "https://hooks.slack.com/services/T/B/X"}
        """))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.hasWarning(containing: "the Slack webhook URL of team platform is written in plain text"))
        #expect(result.hasWarning(containing: "the SMTP password is written in plain text"))
        #expect(!result.hasWarning(containing: "SMTP username"), "a username is not a secret")
        #expect(result.warnings.first?.hint?.contains("secretKeyRef") == true)
        #expect(result.katalog?.notification.teams["platform"]?.slackWebhookURL == .plain("https://hooks.slack.com/services/T/B/X"))
    }

    @Test func malformedReferencesAreErrors() {
        let result = load(katalogText(spec: """
          notification:
            smtp: {host: relay, password: {env: SMTP_PASS}}
            teams:
              a: {slackWebhookUrl: {env: "1BAD"}}
              b: {slackWebhookUrl: {valueFrom: {secretKeyRef: {name: Bad_Name, key: k}}}}
              c: {slackWebhookUrl: {valueFrom: {secretKeyRef: {name: ok}}}}
              d: {slackWebhookUrl: {env: X, valueFrom: {secretKeyRef: {name: ok, key: k}}}}
              e: {slackWebhookUrl: {valueFrom: {configMapKeyRef: {name: ok, key: k}}}}
              f: {slackWebhookUrl: "ftp://x"}
        """))
        #expect(result.hasError(containing: "\"1BAD\" is not an environment variable name"))
        #expect(result.hasError(containing: "\"Bad_Name\" is not a Secret name"))
        #expect(result.hasError(containing: "missing required key \"key\""))
        #expect(result.hasError(containing: "give either env or valueFrom, not both"))
        #expect(result.hasError(containing: "unknown key \"configMapKeyRef\""))
        #expect(result.hasError(containing: "slackWebhookUrl must be an http(s) URL"))
        #expect(result.hasError(containing: "username and password go together"))
    }
}
