import OrkAPI
import OrkValue

/// A runtime the Control Center polls (`--urls`, or found in a `--context`) and its last-known `/katalog`.
package struct RuntimeEndpoint: Sendable, Equatable {
    package var url: String
    /// The kubeconfig context it was found in (polled through its API server), nil for `--urls`.
    package var context: String?
    /// Its namespace when found in a context.
    package var namespace: String?
    package var health = EndpointHealth()
    /// The last answer that decoded; kept (shown dimmed with its age) while the runtime is down.
    package var katalog: RuntimeKatalog?
    /// The same answer as sent (for `--once --format json`).
    package var katalogJSON: JSONValue?

    package init(url: String, context: String? = nil, namespace: String? = nil) {
        self.url = url
        self.context = context
        self.namespace = namespace
    }

    /// The Katalog name when known, else the URL.
    package var displayName: String { katalog?.name ?? url }
}

/// A gateway the Control Center polls: advertised by runtimes (`gatewayEndpoint`), given with
/// `--gateway`, or one replica found in a `--context` (polled through its own pod proxy).
package struct GatewayEndpoint: Sendable, Equatable {
    package var url: String
    /// The kubeconfig context it was found in, nil otherwise.
    package var context: String?
    /// Its namespace and pod when found in a context.
    package var namespace: String?
    package var pod: String?
    /// Runtimes (by URL) whose last-known `/katalog` advertises this gateway.
    package var advertisedBy: [String]
    /// Given with `--gateway`.
    package var explicit: Bool
    package var health = EndpointHealth()
    /// The last fleet view that decoded.
    package var fleet: GatewayFleet?
    /// The same answer as sent (for `--once --format json`).
    package var fleetJSON: JSONValue?

    package init(url: String, advertisedBy: [String], explicit: Bool, context: String? = nil, namespace: String? = nil,
                 pod: String? = nil) {
        self.url = url
        self.context = context
        self.namespace = namespace
        self.pod = pod
        self.advertisedBy = advertisedBy
        self.explicit = explicit
    }
}
