import OrkAPI
import OrkValue

/// A runtime the Control Center polls (`--urls`, or found in a `--context`) and its last-known `/katalog`.
package struct RuntimeEndpoint: Sendable, Equatable {
    package var url: String
    /// Where it lives when found in a kubeconfig context (polled through its API server), nil for `--urls`.
    package var placement: ClusterPlacement?
    package var health = EndpointHealth()
    /// The last answer that decoded; kept (shown dimmed with its age) while the runtime is down.
    package var katalog: RuntimeKatalog?
    /// The same answer as sent (for `--once --format json`).
    package var katalogJSON: JSONValue?

    package init(url: String, placement: ClusterPlacement? = nil) {
        self.url = url
        self.placement = placement
    }

    package var context: String? { placement?.context }

    /// The Katalog name when known, else the Service it was found behind (its ENDPOINT column says
    /// which pod; the proxy URL is long), else the URL.
    package var displayName: String { katalog?.name ?? placement?.service ?? url }
}

/// A gateway the Control Center polls: advertised by runtimes (`gatewayEndpoint`), given with
/// `--gateway`, or one replica found in a `--context` (polled through its own pod proxy).
package struct GatewayEndpoint: Sendable, Equatable {
    package var url: String
    /// Where it lives when found in a kubeconfig context (polled through its own pod proxy), nil otherwise.
    package var placement: ClusterPlacement?
    /// Runtimes (by URL) whose last-known `/katalog` advertises this gateway.
    package var advertisedBy: [String]
    /// Given with `--gateway`.
    package var explicit: Bool
    package var health = EndpointHealth()
    /// The last fleet view that decoded.
    package var fleet: GatewayFleet?
    /// The same answer as sent (for `--once --format json`).
    package var fleetJSON: JSONValue?

    package init(url: String, advertisedBy: [String], explicit: Bool, placement: ClusterPlacement? = nil) {
        self.url = url
        self.placement = placement
        self.advertisedBy = advertisedBy
        self.explicit = explicit
    }
}

extension GatewayEndpoint {
    package var context: String? { placement?.context }
    package var pod: String? { placement?.pod }
}

/// Where a replica found in a kubeconfig context lives: its pod, the Service it is behind and that
/// Service's Helm release (a gateway replica belongs to the runtimes of its release).
package struct ClusterPlacement: Sendable, Equatable {
    package var context: String
    package var namespace: String
    package var service: String
    package var pod: String
    package var release: String?

    package init(context: String, namespace: String, service: String, pod: String, release: String?) {
        self.context = context
        self.namespace = namespace
        self.service = service
        self.pod = pod
        self.release = release
    }

    /// Same context, namespace and release: the gateway of these runtimes.
    func sameRelease(_ other: ClusterPlacement) -> Bool {
        context == other.context && namespace == other.namespace && release == other.release
    }

    /// `namespace/service`: the scope whose pods one list returns (what discovery records as listed).
    var serviceKey: String { Self.serviceKey(namespace: namespace, service: service) }

    static func serviceKey(namespace: String, service: String) -> String { namespace + "/" + service }
}
