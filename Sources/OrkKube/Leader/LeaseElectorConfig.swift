/// Where and how a `LeaseElector` competes: the Lease, this candidate's identity and API endpoint,
/// and the three durations of client-go's leader election.
///
/// - `leaseDuration`: how long followers wait, after they last saw the lease change, before taking it over;
/// - `renewDeadline`: how long the leader keeps trying to renew before it gives leadership up (shorter
///   than `leaseDuration`, so it steps down before anyone else may step up);
/// - `retryPeriod`: how often candidates try to acquire and the leader renews.
public struct LeaseElectorConfig: Sendable, Hashable {
    public var name: String
    public var namespace: String
    /// Unique per process (e.g. pod name plus a random suffix).
    public var identity: String
    /// This candidate's HTTP API endpoint, recorded on the Lease while it leads so that followers can name it.
    public var endpoint: String?
    public var leaseDuration: Duration
    public var renewDeadline: Duration
    public var retryPeriod: Duration
    /// Labels the elector puts on the Lease (a shard Lease carries its ring, so members are listed by it).
    public var labels: [String: String] = [:]

    public static let defaultLeaseDuration = Duration.seconds(15)
    public static let defaultRenewDeadline = Duration.seconds(10)
    public static let defaultRetryPeriod = Duration.seconds(5)

    public init(name: String, namespace: String, identity: String, endpoint: String? = nil,
                leaseDuration: Duration = defaultLeaseDuration, renewDeadline: Duration = defaultRenewDeadline,
                retryPeriod: Duration = defaultRetryPeriod) {
        self.name = name
        self.namespace = namespace
        self.identity = identity
        self.endpoint = endpoint
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }

    /// A configuration whose durations come from `LEASE_DURATION`, `RENEW_DEADLINE` and
    /// `RETRY_PERIOD` (seconds, or Go-style `15s`/`500ms`/`1m`; 15/10/5 s when unset).
    public static func fromEnvironment(name: String, namespace: String, identity: String, endpoint: String? = nil,
                                       environment: [String: String]) throws(LeaseElectorError) -> LeaseElectorConfig {
        func duration(_ variable: String, _ fallback: Duration) throws(LeaseElectorError) -> Duration {
            guard let text = environment[variable], !text.isEmpty else { return fallback }
            guard let value = parseDuration(text) else {
                throw LeaseElectorError("\(variable)=\"\(text)\" is not a duration (seconds, or e.g. 15s, 500ms, 1m)")
            }
            return value
        }
        let config = LeaseElectorConfig(
            name: name, namespace: namespace, identity: identity, endpoint: endpoint,
            leaseDuration: try duration("LEASE_DURATION", defaultLeaseDuration),
            renewDeadline: try duration("RENEW_DEADLINE", defaultRenewDeadline),
            retryPeriod: try duration("RETRY_PERIOD", defaultRetryPeriod))
        try config.validate()
        return config
    }

    /// Checks what client-go checks: a name and identity, and lease > renew deadline > retry period > 0.
    public func validate() throws(LeaseElectorError) {
        guard !name.isEmpty, !namespace.isEmpty else { throw LeaseElectorError("the Lease needs a name and a namespace") }
        guard !identity.isEmpty else { throw LeaseElectorError("the elector needs a non-empty identity") }
        guard retryPeriod > .zero else { throw LeaseElectorError("RETRY_PERIOD must be positive") }
        guard renewDeadline > retryPeriod else { throw LeaseElectorError("RENEW_DEADLINE must be longer than RETRY_PERIOD") }
        guard leaseDuration > renewDeadline else { throw LeaseElectorError("LEASE_DURATION must be longer than RENEW_DEADLINE") }
    }

    /// Durations beyond this (a day) are refused as typos.
    static let maxSeconds = 86_400.0

    /// `15`, `2.5`, `15s`, `500ms`, `1m`, `1m30s` → a duration; nil when malformed, negative or over a day.
    static func parseDuration(_ text: String) -> Duration? {
        let text = text.trimmed(of: " \t")
        if let seconds = Double(text) { return seconds >= 0 && seconds <= maxSeconds ? .seconds(seconds) : nil }
        var total = 0.0
        var number = ""
        var index = text.startIndex
        guard !text.isEmpty else { return nil }
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = text.index(after: index)
                continue
            }
            var unit = ""
            while index < text.endIndex, text[index].isLetter {
                unit.append(text[index])
                index = text.index(after: index)
            }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            total += value * scale
            number = ""
        }
        guard number.isEmpty, total.isFinite, total <= maxSeconds else { return nil }
        return .seconds(total)
    }
}

extension String {
    fileprivate func trimmed(of set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

/// A leader-election configuration that cannot be used.
public struct LeaseElectorError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
