import OrkAPI
import OrkValue

/// A runtime the Control Center polls (`--urls`) and its last-known `/katalog`.
package struct RuntimeEndpoint: Sendable, Equatable {
    package var url: String
    package var health = EndpointHealth()
    /// The last answer that decoded; kept (shown dimmed with its age) while the runtime is down.
    package var katalog: RuntimeKatalog?
    /// The same answer as sent (for `--once --format json`).
    package var katalogJSON: JSONValue?

    package init(url: String) { self.url = url }

    /// The Katalog name when known, else the URL.
    package var displayName: String { katalog?.name ?? url }
}

/// A gateway the Control Center polls: advertised by runtimes (`gatewayEndpoint`) or given with
/// `--gateway`.
package struct GatewayEndpoint: Sendable, Equatable {
    package var url: String
    /// Runtimes (by URL) whose last-known `/katalog` advertises this gateway.
    package var advertisedBy: [String]
    /// Given with `--gateway`.
    package var explicit: Bool
    package var health = EndpointHealth()
    /// The last fleet view that decoded.
    package var fleet: GatewayFleet?
    /// The same answer as sent (for `--once --format json`).
    package var fleetJSON: JSONValue?

    package init(url: String, advertisedBy: [String], explicit: Bool) {
        self.url = url
        self.advertisedBy = advertisedBy
        self.explicit = explicit
    }
}
