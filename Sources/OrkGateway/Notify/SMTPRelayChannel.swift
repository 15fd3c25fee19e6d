import OrkKatalog

/// Email through the relay of `SMTPSettings`, whose credentials may be Secret or environment
/// references: they are resolved for every message (a rotated Secret is picked up within the
/// resolver's cache lifetime), then `SMTPChannel` sends.
public struct SMTPRelayChannel: NotificationChannel {
    public let settings: SMTPSettings
    let resolver: SecretResolver
    let timeout: Duration

    public init(settings: SMTPSettings, resolver: SecretResolver, timeout: Duration = .seconds(10)) {
        self.settings = settings
        self.resolver = resolver
        self.timeout = timeout
    }

    public func send(_ text: String, subject: String, to recipient: String) async throws {
        var username: String?, password: String?
        if let value = settings.username { username = try await resolver.resolve(value) }
        if let value = settings.password { password = try await resolver.resolve(value) }
        let channel = SMTPChannel(host: settings.host, port: settings.port, from: settings.from, username: username,
                                  password: password, timeout: timeout)
        try await channel.send(text, subject: subject, to: recipient)
    }
}
