import FoundationEssentials
import OrkAccess
import OrkKatalog
import OrkStats
import OrkValue

/// How `ork-gateway` runs: environment variables, each overridable by a flag.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `ORK_PORT` | 8080 | plain HTTP: probes, fleet view (`/katalog`), `/metrics` |
/// | `ORK_HTTPS_PORT` | 8443 | HTTPS webhooks (`--https-port`) |
/// | `NAMESPACE` | the pod's, else `default` | where the TLS Secret and the Service live |
/// | `ORK_SERVICE_NAME` | `orkestra-gateway` | the Service the API server calls and peers are found behind |
/// | `TLS_CERT`/`TLS_KEY` (+`TLS_CA`) | – | serve these files instead of the self-generated certificate |
/// | `TLS_VALID_FOR` | 365d | validity of a self-generated certificate |
/// | `TLS_ROTATION_THRESHOLD` | 30d | rotate that long before expiry |
/// | `POD_NAME`/`POD_IP` | host name / 127.0.0.1 | the identity in every answer |
/// | `ORK_KATALOG_CONFIGMAP` (+`_KEY`, `katalog.yaml`) | – | the Katalog's ConfigMap: its resourceVersion is the Katalog's generation |
/// | `SMTP_HOST`, `SMTP_PORT` (25), `SMTP_FROM`, `SMTP_USER`/`SMTP_PASS` | – | the relay, when the Katalog has no `spec.notification.smtp` |
/// | `ORK_NOTIFY_ALLOWED_USERS` | `system:serviceaccount:<namespace>:orkestra-runtime` | who may `POST /notify` (comma-separated usernames) |
/// | `ORK_NOTIFY_AUDIENCES` | `orkestra-gateway` | audiences a `/notify` token must be issued for (comma-separated; empty: the API server's own) |
/// | `ORK_API_AUTH` (+`_OPEN_METRICS`) | `none` | `kubernetes`: the HTTP API needs a Kubernetes identity (see `APIAccessSettings`) |
/// | `ORK_NOTIFY_TOKEN_FILE` | – | `--dev` only: a file whose token authenticates as the first allowed user (no TokenReview) |
public struct GatewayConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var httpPort = 8080
    public var httpsPort = 8443
    public var namespace = "default"
    public var serviceName = OrkNames.gatewayService
    public var tlsCert: String?
    public var tlsKey: String?
    public var tlsCA: String?
    public var validity: TimeInterval = 365 * 86_400
    public var rotationThreshold: TimeInterval = 30 * 86_400
    public var pod = PodIdentity(name: "localhost", ip: "127.0.0.1")
    /// Local run outside a pod: webhooks point at `advertiseURL` (default `https://127.0.0.1:<https port>`).
    public var dev = false
    public var advertiseURL: String?
    /// Peers listed by hand (`--peers`) instead of the Service's endpoints.
    public var peers: [String] = []
    /// Register webhook configurations (off with `--no-register`).
    public var register = true
    /// On a clean stop, delete our webhook configurations when no other replica serves
    /// (`LastReplicaCheck`); off with `--no-cleanup-on-shutdown`.
    public var cleanupOnShutdown = true
    /// The ConfigMap the Katalog was mounted from (`ORK_KATALOG_CONFIGMAP`) and its key
    /// (`ORK_KATALOG_CONFIGMAP_KEY`): its resourceVersion orders Katalogs in a rollout (`KatalogRevision`).
    public var katalogConfigMap: String?
    public var katalogConfigMapKey = "katalog.yaml"
    /// How often the registrar re-checks its configurations and the certificate.
    public var syncInterval: Duration = .seconds(30)
    /// The relay from `SMTP_*` (used when the Katalog has no `spec.notification.smtp`).
    public var smtp: SMTPSettings?
    /// Usernames (as a TokenReview names them) that may `POST /notify`; empty means the runtime's
    /// ServiceAccount in `namespace`.
    public var notifyAllowedUsers: [String] = []
    /// Audiences a `/notify` token must be issued for, checked by the TokenReview: the runtime posts
    /// a projected token bound to `orkestra-gateway`, which the API server itself refuses, so a token
    /// read off the wire opens nothing else, and a token for the API server is refused here. Empty
    /// accepts the API server's own audience (a pod's default token).
    public var notifyAudiences: [String] = [OrkNames.notifyAudience]
    /// `--dev` only: the token of `ORK_NOTIFY_TOKEN_FILE`, checked instead of a TokenReview.
    public var notifyDevToken: String?
    /// The variables the Katalog's `{env: NAME}` references name, with their values.
    public var notificationEnvironment: [String: String] = [:]
    /// Whether the plain-HTTP API (fleet view, `/metrics`) needs a Kubernetes identity
    /// (`ORK_API_AUTH`, `ORK_API_AUTH_OPEN_METRICS`); `/notify` keeps its own check, the webhooks
    /// are the API server's.
    public var apiAccess = APIAccessSettings()
    /// The token this replica shows its peers when their API needs one (its ServiceAccount's).
    public var peerTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token"

    public init() {}

    /// Who may `POST /notify`: the configured usernames, else the runtime's ServiceAccount.
    public var effectiveNotifyAllowedUsers: [String] {
        notifyAllowedUsers.isEmpty ? ["system:serviceaccount:\(namespace):\(OrkNames.runtimeServiceAccount)"] : notifyAllowedUsers
    }

    /// Reads the environment; a malformed value is an error naming the variable.
    /// `dev` is `--dev`. `notification` is the Katalog's: the variables its `{env: NAME}` references name are kept.
    public static func fromEnvironment(_ environment: [String: String], hostName: String, podNamespace: String?,
                                       notification: NotificationSettings = NotificationSettings(), dev: Bool = false)
        throws(GatewayConfigurationError) -> GatewayConfiguration
    {
        var configuration = GatewayConfiguration()
        configuration.dev = dev
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingSpacesAndTabs(), !text.isEmpty else { return nil }
            return text
        }
        func port(_ name: String) throws(GatewayConfigurationError) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), (0...65535).contains(number) else {
                throw GatewayConfigurationError("\(name)=\"\(text)\" must be a port number (0…65535)")
            }
            return number
        }
        func duration(_ name: String) throws(GatewayConfigurationError) -> TimeInterval? {
            guard let text = value(name) else { return nil }
            guard let seconds = Self.seconds(parsing: text), seconds > 0 else {
                throw GatewayConfigurationError("\(name)=\"\(text)\" is not a duration such as 720h, 30d or 1y")
            }
            return seconds
        }
        if let message = UnsupportedVariable.firstSet(in: environment, of: UnsupportedVariable.gateway) {
            throw GatewayConfigurationError(message)
        }
        if let port = try port("ORK_PORT") { configuration.httpPort = port }
        if let port = try port("ORK_HTTPS_PORT") { configuration.httpsPort = port }
        configuration.namespace = value("NAMESPACE") ?? podNamespace ?? "default"
        if let service = value("ORK_SERVICE_NAME") { configuration.serviceName = service }
        configuration.katalogConfigMap = value("ORK_KATALOG_CONFIGMAP")
        if let key = value("ORK_KATALOG_CONFIGMAP_KEY") { configuration.katalogConfigMapKey = key }
        // TLS_CERT_FILE/TLS_KEY_FILE: the Go original's chart names for the same files.
        for (name, alias) in [("TLS_CERT", "TLS_CERT_FILE"), ("TLS_KEY", "TLS_KEY_FILE")] {
            if let a = value(name), let b = value(alias), a != b {
                throw GatewayConfigurationError("\(name)=\"\(a)\" and \(alias)=\"\(b)\" disagree: set one")
            }
        }
        configuration.tlsCert = value("TLS_CERT") ?? value("TLS_CERT_FILE")
        configuration.tlsKey = value("TLS_KEY") ?? value("TLS_KEY_FILE")
        if let text = value("TLS_AUTO_ROTATE") {
            switch text.lowercased() {
            case "true", "1", "yes": break  // what the gateway does with a certificate it generates
            case "false", "0", "no":
                throw GatewayConfigurationError("TLS_AUTO_ROTATE=\"\(text)\" is not supported: a self-generated certificate is "
                    + "always rotated before it expires; to serve your own, set TLS_CERT and TLS_KEY (re-read when the files change)")
            default: throw GatewayConfigurationError("TLS_AUTO_ROTATE=\"\(text)\" must be true or false")
            }
        }
        configuration.tlsCA = value("TLS_CA")
        if let validity = try duration("TLS_VALID_FOR") { configuration.validity = validity }
        if let threshold = try duration("TLS_ROTATION_THRESHOLD") { configuration.rotationThreshold = threshold }
        configuration.pod = PodIdentity.fromEnvironment(environment, hostName: hostName)
        if let host = value("SMTP_HOST") {
            let port = try port("SMTP_PORT") ?? 25
            guard port > 0 else { throw GatewayConfigurationError("SMTP_PORT=0 is not a port (1…65535)") }
            configuration.smtp = SMTPSettings(host: host, port: port, from: value("SMTP_FROM") ?? "orkestra@localhost",
                                              username: value("SMTP_USER").map(SecretValue.plain),
                                              password: value("SMTP_PASS").map(SecretValue.plain))
        }
        configuration.notifyAllowedUsers = (value("ORK_NOTIFY_ALLOWED_USERS") ?? "").split(separator: ",")
            .map { $0.trimmingSpacesAndTabs() }.filter { !$0.isEmpty }
        do throws(APIAccessSettingsError) {
            configuration.apiAccess = try APIAccessSettings.fromEnvironment(environment)
        } catch {
            throw GatewayConfigurationError(error.description)
        }
        if let audiences = environment["ORK_NOTIFY_AUDIENCES"] {
            configuration.notifyAudiences = audiences.split(separator: ",").map { $0.trimmingSpacesAndTabs() }
                .filter { !$0.isEmpty }
        }
        if let path = value("ORK_NOTIFY_TOKEN_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  case let token = text.trimmingWhitespace(), !token.isEmpty else {
                throw GatewayConfigurationError("ORK_NOTIFY_TOKEN_FILE=\"\(path)\" cannot be read or is empty")
            }
            configuration.notifyDevToken = token
        }
        configuration.notificationEnvironment = Self.referencedEnvironment(notification, in: environment)
        try configuration.check()
        return configuration
    }

    /// Consistency of the settings; the error says which to change.
    public func check() throws(GatewayConfigurationError) {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw GatewayConfigurationError("TLS_CERT and TLS_KEY go together: set both (files) or neither (self-generated)")
        }
        if rotationThreshold >= validity {
            throw GatewayConfigurationError("TLS_ROTATION_THRESHOLD must be shorter than TLS_VALID_FOR")
        }
        if notifyDevToken != nil, !dev {
            throw GatewayConfigurationError("ORK_NOTIFY_TOKEN_FILE is for --dev runs only; in a cluster /notify callers are checked with a TokenReview")
        }
        if httpPort != 0, httpPort == httpsPort {
            throw GatewayConfigurationError("ORK_PORT and the HTTPS port are both \(httpPort); give them different ports")
        }
    }

    /// The values of the variables `settings` references with `{env: NAME}` (nothing else is kept).
    public static func referencedEnvironment(_ settings: NotificationSettings, in environment: [String: String]) -> [String: String] {
        var values = settings.teams.values.compactMap(\.slackWebhookURL)
        if let smtp = settings.smtp { values += [smtp.username, smtp.password].compactMap { $0 } }
        var kept: [String: String] = [:]
        for case .env(let name) in values { kept[name] = environment[name] }
        return kept
    }

    /// Seconds of `30d`, `1y`, `720h`, `90m`, `3600s` or a sum such as `1d12h`; nil when malformed.
    public static func seconds(parsing text: String) -> TimeInterval? {
        KatalogDuration.milliseconds(parsing: text, longUnits: true).map { $0 / 1000 }
    }

    /// The base URL webhook configurations name in `--dev`.
    public var devWebhookURL: String { advertiseURL ?? "https://127.0.0.1:\(httpsPort)" }
}

/// A gateway setting that cannot be used.
public struct GatewayConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
