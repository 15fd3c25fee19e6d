/// A Katalog setting that may be a secret (a Slack webhook URL, SMTP credentials): written in
/// plain text (allowed, with a warning), or — better — a reference the gateway resolves when it
/// delivers, so the secret never sits in the Katalog's ConfigMap:
///
/// ```yaml
/// slackWebhookUrl: {valueFrom: {secretKeyRef: {name: platform-notifications, key: slack}}}
/// slackWebhookUrl: {env: PLATFORM_SLACK_WEBHOOK}
/// ```
///
/// A `secretKeyRef` names a Secret in the gateway's own namespace.
public enum SecretValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    case plain(String)
    /// An environment variable of the gateway's container.
    case env(String)
    /// A key of a Secret in the gateway's namespace.
    case secretKeyRef(name: String, key: String)

    public init(stringLiteral value: String) { self = .plain(value) }

    /// What a log or a report may show: never the plain value itself.
    public var description: String {
        switch self {
        case .plain: return "(plain text in the Katalog)"
        case .env(let name): return "env \(name)"
        case .secretKeyRef(let name, let key): return "Secret \(name) key \(key)"
        }
    }

    /// The plain text, nil for a reference.
    public var plainText: String? {
        if case .plain(let text) = self { return text }
        return nil
    }
}
