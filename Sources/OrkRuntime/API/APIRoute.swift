import OrkValue
import FoundationEssentials

/// What a request path of the runtime API addresses. CR paths keep their raw segments: whether
/// `cr/a/b` is `{namespace}/{name}` or `{name}/events` depends on the CRD's scope.
enum APIRoute: Sendable, Hashable {
    case liveness
    case readiness
    case startup
    case metrics
    case katalog
    case crd(String)
    case crdHealth(String)
    case crList(String)
    /// `/katalog/{crd}/cr/…` with one to three segments after `cr`.
    case cr(String, [String])

    /// Parses a path (without query); nil when it addresses nothing the API serves.
    static func parse(_ path: String) -> APIRoute? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEscapes, !decoded.isEmpty else { return nil }
            segments.append(decoded)
        }
        switch segments.count {
        case 1:
            return single(segments[0])
        case 2 where segments[0] == "katalog":
            return .crd(segments[1])
        case 3 where segments[0] == "katalog" && segments[2] == "health":
            return .crdHealth(segments[1])
        case 3 where segments[0] == "katalog" && segments[2] == "cr":
            return .crList(segments[1])
        case 4...6 where segments[0] == "katalog" && segments[2] == "cr":
            return .cr(segments[1], Array(segments.dropFirst(3)))
        default:
            return nil
        }
    }

    private static func single(_ segment: String) -> APIRoute? {
        switch segment {
        case "healthz", "livez", "health": return .liveness
        case "readyz", "ready": return .readiness
        case "startup": return .startup
        case "metrics": return .metrics
        case "katalog": return .katalog
        default: return nil
        }
    }
}

/// A CR path resolved against its CRD's scope.
enum ResourceTarget: Sendable, Hashable {
    case detail(namespace: String?, name: String)
    case events(namespace: String?, name: String)

    /// `[ns, name]`, `[ns, name, "events"]` for namespaced CRDs; `[name]`, `[name, "events"]` otherwise.
    static func resolve(_ parts: [String], namespaced: Bool) -> ResourceTarget? {
        if namespaced {
            switch parts.count {
            case 2: return .detail(namespace: parts[0], name: parts[1])
            case 3 where parts[2] == "events": return .events(namespace: parts[0], name: parts[1])
            default: return nil
            }
        }
        switch parts.count {
        case 1: return .detail(namespace: nil, name: parts[0])
        case 2 where parts[1] == "events": return .events(namespace: nil, name: parts[0])
        default: return nil
        }
    }
}
