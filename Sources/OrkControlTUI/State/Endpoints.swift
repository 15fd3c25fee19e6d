import OrkCore

/// A runtime the Control Center polls (`--urls`) and its last-known `/katalog`.
public struct RuntimeEndpoint: Sendable, Equatable {
    public var url: String
    public var health = EndpointHealth()
    /// The last answer that decoded; kept (shown dimmed with its age) while the runtime is down.
    public var katalog: RuntimeKatalog?
    /// The same answer as sent (for `--once --format json`).
    public var katalogJSON: JSONValue?

    public init(url: String) { self.url = url }

    /// The Katalog name when known, else the URL.
    public var displayName: String { katalog?.name ?? url }
}

/// A gateway the Control Center polls: advertised by runtimes (`gatewayEndpoint`) or given with
/// `--gateway`.
public struct GatewayEndpoint: Sendable, Equatable {
    public var url: String
    /// Runtimes (by URL) whose last-known `/katalog` advertises this gateway.
    public var advertisedBy: [String]
    /// Given with `--gateway`.
    public var explicit: Bool
    public var health = EndpointHealth()
    /// The last fleet view that decoded.
    public var fleet: GatewayFleet?
    /// The same answer as sent (for `--once --format json`).
    public var fleetJSON: JSONValue?

    public init(url: String, advertisedBy: [String], explicit: Bool) {
        self.url = url
        self.advertisedBy = advertisedBy
        self.explicit = explicit
    }
}
