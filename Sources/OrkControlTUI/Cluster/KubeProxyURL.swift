import Foundation
import OrkKube

/// The base URL of a runtime or gateway reached through a kubeconfig context's API server:
/// `kube://<context>/api/v1/namespaces/<ns>/services/<scheme>:<name>:<port>/proxy` (or `…/pods/…`).
/// The context is percent-encoded (EKS context names hold `:` and `/`). `EndpointURL` appends the API
/// paths to it as to any base URL; ``ProxyFetcher`` sends what lies below the context to that
/// context's API server with the user's credentials.
package enum KubeProxyURL {
    static let scheme = "kube://"

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

    /// A URL below a context: the context, the path as sent (already percent-encoded) and the query
    /// pairs (decoded; `KubeRequest` encodes them again). Nil for any other URL.
    package static func parse(_ url: String) -> (context: String, path: String, query: [(String, String)])? {
        guard url.hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        guard let slash = rest.firstIndex(of: "/"),
              let context = String(rest[..<slash]).removingPercentEncoding, !context.isEmpty else { return nil }
        let target = rest[slash...]
        guard let question = target.firstIndex(of: "?") else { return (context, String(target), []) }
        var query: [(String, String)] = []
        for pair in target[target.index(after: question)...].split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let raw = parts.first.map(String.init) ?? ""
            let name = raw.removingPercentEncoding ?? raw
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            query.append((name, value))
        }
        return (context, String(target[..<question]), query)
    }

    /// `namespace/service` or `namespace/pod` of a proxy base URL (what the ENDPOINT column shows),
    /// else nil.
    package static func target(of url: String) -> String? {
        guard let (_, path, _) = parse(url) else { return nil }
        let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.count >= 6, parts[2] == "namespaces" else { return nil }
        // `http:name:port`, `https:name:port` or `name:port`: the name is the part before the port.
        var name = parts[5].split(separator: ":").map(String.init)
        if let first = name.first, first == "http" || first == "https" { name.removeFirst() }
        return parts[3] + "/" + (name.first ?? parts[5])
    }

    /// The context of a URL below one, else nil.
    package static func context(of url: String) -> String? { parse(url)?.context }
}
