import FoundationEssentials
import OrkKube

/// The base URL of a runtime or gateway pod reached through a kubeconfig context's API server:
/// `kube://<context>/api/v1/namespaces/<ns>/pods/<name>:<port>/proxy` (or `…/services/…`). The
/// context is percent-encoded (EKS context names hold `:` and `/`). `EndpointURL` appends the API
/// paths to it as to any base URL; ``ProxyFetcher`` sends what lies below the context to that
/// context's API server with the user's credentials. ``parse(_:)`` is the one reader of these URLs.
package struct KubeProxyURL: Sendable, Equatable {
    static let scheme = "kube://"

    package var context: String
    /// The request path as sent (percent-encoded), from `/api/v1/…`.
    package var path: String
    /// The query pairs, decoded (`KubeRequest` encodes them again).
    package var query: [(String, String)]
    /// `pods` or `services` and where, when the path is a proxy path.
    package var resource: String?
    package var namespace: String?
    /// The pod or Service name (without scheme and port).
    package var name: String?
    /// What follows `/proxy` (decoded): the API path on the backend.
    package var rest: String?

    package static func == (a: Self, b: Self) -> Bool {
        a.context == b.context && a.path == b.path && a.query.elementsEqual(b.query, by: ==)
    }

    /// A Service's proxy: the API server picks a ready endpoint of the port.
    package static func service(context: String, namespace: String, name: String, port: String, https: Bool) -> String {
        base(context) + "/api/v1/namespaces/\(KubeRequest.escape(namespace))/services/"
            + KubeRequest.escape((https ? "https:" : "http:") + name + ":" + port) + "/proxy"
    }

    /// One pod's proxy: that replica and no other.
    package static func pod(context: String, namespace: String, name: String, port: String, https: Bool) -> String {
        base(context) + "/api/v1/namespaces/\(KubeRequest.escape(namespace))/pods/"
            + KubeRequest.escape((https ? "https:" : "") + name + ":" + port) + "/proxy"
    }

    static func base(_ context: String) -> String { scheme + KubeRequest.escape(context) }

    /// A URL below a context; nil for any other URL.
    package static func parse(_ url: String) -> KubeProxyURL? {
        guard url.hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        guard let slash = rest.firstIndex(of: "/"),
              let context = String(rest[..<slash]).removingPercentEscapes, !context.isEmpty else { return nil }
        let target = rest[slash...]
        var parsed: KubeProxyURL
        if let question = target.firstIndex(of: "?") {
            parsed = KubeProxyURL(context: context, path: String(target[..<question]),
                                  query: pairs(target[target.index(after: question)...]))
        } else {
            parsed = KubeProxyURL(context: context, path: String(target), query: [])
        }
        parsed.readProxyPath()
        return parsed
    }

    init(context: String, path: String, query: [(String, String)]) {
        self.context = context
        self.path = path
        self.query = query
    }

    static func pairs(_ text: Substring) -> [(String, String)] {
        var query: [(String, String)] = []
        for pair in text.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts.first.map(String.init) ?? ""
            let value = parts.count > 1 ? parts.last.map(String.init) ?? "" : ""
            query.append((name.removingPercentEscapes ?? name, value.removingPercentEscapes ?? value))
        }
        return query
    }

    /// `/api/v1/namespaces/NS/(pods|services)/[scheme:]NAME[:port]/proxy[REST]`: the parts, by
    /// position (a namespace named `proxy` is still a namespace).
    mutating func readProxyPath() {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "api", "v1", "namespaces", NS, RESOURCE, TARGET, "proxy", …
        guard parts.count >= 8, parts[1] == "api", parts[2] == "v1", parts[3] == "namespaces", parts[7] == "proxy",
              parts[5] == "pods" || parts[5] == "services" else { return }
        resource = parts[5]
        namespace = parts[4].removingPercentEscapes ?? parts[4]
        var target = (parts[6].removingPercentEscapes ?? parts[6]).split(separator: ":").map(String.init)
        // `scheme:name:port` has three parts; `name:port` two (a pod may be named `http`).
        if target.count == 3, let first = target.first, first == "http" || first == "https" { target.removeFirst() }
        name = target.first
        let tail = parts.dropFirst(8).joined(separator: "/")
        rest = tail.isEmpty ? "" : "/" + (tail.removingPercentEscapes ?? tail)
    }

    /// `namespace/name` (what the ENDPOINT column shows), when this is a proxy path.
    package var target: String? {
        guard let namespace, let name else { return nil }
        return namespace + "/" + name
    }
}
