import FoundationEssentials
import OrkAccess
import OrkKatalog
import OrkKube
import OrkStats
import OrkValue

/// How `ork run` runs: the environment variables of DESIGN §5, each overridable by a flag.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `ORK_PORT` | 8080 | HTTP API, health and metrics port |
/// | `DEFAULT_WORKERS` | 3 | workers per CRD without `reconciler.workers` (1…50) |
/// | `DEFAULT_RESYNC` | 15s | resync period per CRD without `reconciler.resync` (≥ 1s) |
/// | `QUEUE_DEPTH` (`MAX_QUEUE_DEPTH`) | 100 | queue bound per CRD without `reconciler.queue.maxDepth` (1…1,000,000) |
/// | `DEGRADE_THRESHOLD` | 5 | failure threshold per CRD without `reconciler.queue.failureThreshold` |
/// | `NAMESPACE` (`ORK_NAMESPACE`) | the pod's, else `default` | where the leader Lease lives |
/// | `LEADER_ELECTION_NAMESPACE` | `NAMESPACE` | the Lease's namespace when it is another |
/// | `WATCH_NAMESPACE` | all | restrict CR and child caches to one namespace |
/// | `ORK_SERVICE_NAME` | – | the runtime's Service, as the chart sets it (accepted; nothing reads it yet) |
/// | `LEASE_DURATION`/`RENEW_DEADLINE`/`RETRY_PERIOD` | 15/10/5 s | leader election |
/// | `LEADER_ELECTION` | true | `false` runs workers without a Lease (single replica) |
/// | `ORK_SHARDING` | off | `on`: replicas share the CRs by shard (docs/runtime.md, "Sharding"); needs leader election |
/// | `ORK_GATEWAY_ENDPOINT` | – | the companion gateway's URL: shown to the Control Center; notifications are posted to its `/notify` |
/// | `ORK_NOTIFY_TOKEN_FILE` | `/var/run/secrets/orkestra/gateway/token` | the bearer token sent to the gateway's `/notify`: a projected ServiceAccount token with audience `orkestra-gateway` (the chart mounts it) |
/// | `POD_NAME`/`POD_IP` | host name / 127.0.0.1 | the identity in every API response |
///
/// The Go original's variables that do not carry over stop it with a message (``UnsupportedVariable/runtime``).
public struct RuntimeConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var port = 8080
    /// Defaults for CRDs whose Katalog entry leaves a reconciler setting out (see ``ReconcilerDefaults``).
    public var reconciler = ReconcilerDefaults()
    public var namespace = "default"
    /// `LEADER_ELECTION_NAMESPACE`: the Lease's namespace when it is not ``namespace``.
    public var leaseNamespace: String?
    public var watchNamespace: String?
    public var serviceName: String?
    public var leaderElection = true
    /// Whether replicas share the CRs by shard (`ORK_SHARDING`, `--sharding`): each replica holds a
    /// shard Lease and reconciles only the CRs labelled for it; the leader assigns them. Off: one
    /// leader reconciles everything and the others keep warm caches (the behaviour without it).
    public var sharding = false
    public var leaseName = OrkNames.leaseName
    public var leaseDuration = LeaseElectorConfig.defaultLeaseDuration
    public var renewDeadline = LeaseElectorConfig.defaultRenewDeadline
    public var retryPeriod = LeaseElectorConfig.defaultRetryPeriod
    public var gatewayEndpoint: String?
    /// The token file `/notify` posts authenticate with (read at every post): a projected
    /// ServiceAccount token with audience `OrkNames.notifyAudience`, which the kubelet rotates.
    public static let defaultNotifyTokenFile = "/var/run/secrets/orkestra/gateway/token"
    public var notifyTokenFile = RuntimeConfiguration.defaultNotifyTokenFile
    public var pod = PodIdentity(name: "localhost", ip: "127.0.0.1")
    /// Whether the HTTP API needs a Kubernetes identity (`ORK_API_AUTH`, `ORK_API_AUTH_OPEN_METRICS`).
    public var apiAccess = APIAccessSettings()

    public init() {}

    /// Reads the environment; a malformed value is an error naming the variable.
    public static func fromEnvironment(_ environment: [String: String], hostName: String,
                                       podNamespace: String? = nil) throws(RuntimeConfigurationError) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration()
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingSpacesAndTabs(), !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String, range: ClosedRange<Int>) throws(RuntimeConfigurationError) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw RuntimeConfigurationError("\(name)=\"\(text)\" must be an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return number
        }
        if let message = UnsupportedVariable.firstSet(in: environment, of: UnsupportedVariable.runtime) {
            throw RuntimeConfigurationError(message)
        }
        if let port = try integer("ORK_PORT", range: 0...65535) { configuration.port = port }
        do throws(APIAccessSettingsError) {
            configuration.apiAccess = try APIAccessSettings.fromEnvironment(environment)
        } catch {
            throw RuntimeConfigurationError(error.description)
        }
        do throws(ReconcilerSettingError) {
            configuration.reconciler = try ReconcilerDefaults.fromEnvironment(environment)
        } catch {
            throw RuntimeConfigurationError(error.message)
        }
        // ORK_NAMESPACE is the Go original's name for the components' namespace (its NAMESPACE meant
        // the watched one: here that is WATCH_NAMESPACE); LEADER_ELECTION_NAMESPACE moves only the Lease.
        if let own = value("NAMESPACE"), let original = value("ORK_NAMESPACE"), own != original {
            throw RuntimeConfigurationError("NAMESPACE=\"\(own)\" and ORK_NAMESPACE=\"\(original)\" disagree: set one")
        }
        configuration.namespace = value("NAMESPACE") ?? value("ORK_NAMESPACE") ?? podNamespace ?? "default"
        configuration.leaseNamespace = value("LEADER_ELECTION_NAMESPACE")
        configuration.watchNamespace = value("WATCH_NAMESPACE")
        configuration.serviceName = value("ORK_SERVICE_NAME")
        configuration.gatewayEndpoint = value("ORK_GATEWAY_ENDPOINT")
        if let file = value("ORK_NOTIFY_TOKEN_FILE") { configuration.notifyTokenFile = file }
        if let text = value("LEADER_ELECTION") {
            switch text.lowercased() {
            case "true", "1", "yes": configuration.leaderElection = true
            case "false", "0", "no": configuration.leaderElection = false
            default: throw RuntimeConfigurationError("LEADER_ELECTION=\"\(text)\" must be true or false")
            }
        }
        if let text = value("ORK_SHARDING") {
            guard let on = Self.switchValue(text) else {
                throw RuntimeConfigurationError("ORK_SHARDING=\"\(text)\" must be on or off")
            }
            configuration.sharding = on
        }
        do {
            let lease = try LeaseElectorConfig.fromEnvironment(name: configuration.leaseName, namespace: configuration.leaseNamespaceInUse,
                                                               identity: "validation", environment: environment)
            configuration.leaseDuration = lease.leaseDuration
            configuration.renewDeadline = lease.renewDeadline
            configuration.retryPeriod = lease.retryPeriod
        } catch {
            throw RuntimeConfigurationError(error.description)
        }
        configuration.pod = PodIdentity.fromEnvironment(environment, hostName: hostName)
        return configuration
    }

    /// `on`/`off` (also `true`/`false`, `1`/`0`, `yes`/`no`); nil for anything else.
    public static func switchValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "1", "yes": true
        case "off", "false", "0", "no": false
        default: nil
        }
    }

    /// Settings that cannot run together, named.
    public func validate() throws(RuntimeConfigurationError) {
        if sharding, !leaderElection {
            throw RuntimeConfigurationError("sharding needs leader election (its leader assigns the CRs): "
                + "run with LEADER_ELECTION=true or without --sharding on")
        }
    }

    /// Where the Lease lives: `LEADER_ELECTION_NAMESPACE`, else the runtime's namespace (`--namespace`, `NAMESPACE`).
    public var leaseNamespaceInUse: String { leaseNamespace ?? namespace }

    /// This replica's API endpoint, recorded on the Lease while it leads.
    public var endpoint: String {
        let host = pod.ip.contains(":") ? "[\(pod.ip)]" : pod.ip
        return "http://\(host):\(port)"
    }
}

/// A configuration value that cannot be used; the message names the variable or flag.
public struct RuntimeConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
