/// What a request path of the Kubernetes REST API addresses.
enum SandboxRoute: Equatable {
    case version
    case health
    case coreVersions                       // /api
    case groups                             // /apis
    case groupVersion(group: String, version: String)   // /api/v1, /apis/g/v
    case openAPI                            // /openapi/v2
    /// A collection, object or subresource of a resource.
    case resource(ResourcePath)
    case faults                             // /_sandbox/faults (fault injection control)

    /// A parsed resource path.
    struct ResourcePath: Equatable {
        var group: String
        var version: String
        var plural: String
        var namespace: String?
        var name: String?
        var subresource: String?
    }

    /// Parses a path (without query). Nil when the path addresses nothing the API serves.
    static func parse(_ path: String) -> SandboxRoute? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEscapes }
        guard !segments.contains(nil) else { return nil }
        let parts = segments.compactMap { $0 }
        switch parts.first {
        case nil: return nil
        case "version": return parts.count == 1 ? .version : nil
        case "healthz", "readyz", "livez": return .health
        case "openapi": return .openAPI
        case "_sandbox": return parts == ["_sandbox", "faults"] ? .faults : nil
        case "api":
            if parts.count == 1 { return .coreVersions }
            return resource(group: "", version: parts[1], rest: Array(parts.dropFirst(2)))
        case "apis":
            if parts.count == 1 { return .groups }
            guard parts.count >= 3 else { return nil }
            return resource(group: parts[1], version: parts[2], rest: Array(parts.dropFirst(3)))
        default: return nil
        }
    }

    static func resource(group: String, version: String, rest: [String]) -> SandboxRoute? {
        if rest.isEmpty { return .groupVersion(group: group, version: version) }
        var path = ResourcePath(group: group, version: version, plural: "")
        var tail = rest[...]
        // `namespaces/{ns}/{resource}…` is a namespaced path unless it addresses the namespace itself
        // (`namespaces/{name}` or its `status`/`finalize` subresource).
        if group.isEmpty, tail.first == "namespaces", tail.count >= 3,
           !(tail.count == 3 && ["status", "finalize"].contains(tail[tail.startIndex + 2])) {
            path.namespace = tail[tail.startIndex + 1]
            tail = tail.dropFirst(2)
        } else if !group.isEmpty, tail.first == "namespaces", tail.count >= 3 {
            path.namespace = tail[tail.startIndex + 1]
            tail = tail.dropFirst(2)
        }
        guard let plural = tail.first else { return nil }
        path.plural = plural
        tail = tail.dropFirst()
        if let name = tail.first { path.name = name; tail = tail.dropFirst() }
        if let subresource = tail.first { path.subresource = subresource; tail = tail.dropFirst() }
        guard tail.isEmpty else { return nil }
        return .resource(path)
    }
}

import FoundationEssentials
