import OrkKube

/// Whether a runtime's or a gateway's HTTP API needs a Kubernetes identity (`ORK_API_AUTH`), and
/// what stays open without one.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `ORK_API_AUTH` | `none` | `kubernetes`: every request but the probes (and `/metrics`, below) needs a bearer token the API server authenticates (TokenReview) and authorizes for `get` on the request's path as a non-resource URL (SubjectAccessReview); `none`: anyone who reaches the port is answered |
/// | `ORK_API_AUTH_OPEN_METRICS` | `true` | `/metrics` answers without a token (a Prometheus scraping it unauthenticated, as the chart configures); `false` puts it behind the check too |
public struct APIAccessSettings: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case none, kubernetes
    }

    public var mode: Mode = .none
    public var openMetrics = true

    public init(mode: Mode = .none, openMetrics: Bool = true) {
        self.mode = mode
        self.openMetrics = openMetrics
    }

    /// Reads `ORK_API_AUTH` and `ORK_API_AUTH_OPEN_METRICS`; an unknown value is an error naming the allowed ones.
    public static func fromEnvironment(_ environment: [String: String]) throws(APIAccessSettingsError) -> APIAccessSettings {
        var settings = APIAccessSettings()
        if let text = environment["ORK_API_AUTH"], !text.isEmpty {
            guard let mode = Mode(rawValue: text.lowercased()) else {
                throw APIAccessSettingsError("ORK_API_AUTH=\"\(text)\" must be none or kubernetes")
            }
            settings.mode = mode
        }
        if let text = environment["ORK_API_AUTH_OPEN_METRICS"], !text.isEmpty {
            switch text.lowercased() {
            case "true": settings.openMetrics = true
            case "false": settings.openMetrics = false
            default: throw APIAccessSettingsError("ORK_API_AUTH_OPEN_METRICS=\"\(text)\" must be true or false")
            }
        }
        return settings
    }

    /// First path segments answered without a token: the probes, and `metrics` when open.
    public var openPaths: Set<String> {
        var paths: Set<String> = ["healthz", "livez", "health", "readyz", "ready", "startup"]
        if openMetrics { paths.insert("metrics") }
        return paths
    }

    /// The check for `kubernetes` mode, reviewing with `client`; nil for `none`, or without a
    /// cluster to ask (a local run, where the caller is told at start-up).
    public func access(client: KubeClient?) -> KubeAPIAccess? {
        guard mode == .kubernetes, let client else { return nil }
        return KubeAPIAccess(tokens: KubeTokenReviewer(client: client), access: KubeAccessReviewer(client: client))
    }
}

/// A setting of `ORK_API_AUTH*` that cannot be used.
public struct APIAccessSettingsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
