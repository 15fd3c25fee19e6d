import FoundationEssentials
import OrkValue

/// Endpoint base URLs and the API paths below them.
package enum EndpointURL {
    /// `host:port` becomes `http://host:port`; a trailing `/` is dropped. Throws a message naming
    /// the bad value when it is not an http(s) URL with a host.
    package static func normalize(_ text: String) throws(ControlError) -> String {
        var value = text.trimmingSpacesAndTabs()
        guard !value.isEmpty else { throw .badURL(text, "it is empty") }
        if !value.contains("://") { value = "http://" + value }
        while value.hasSuffix("/") { value.removeLast() }
        guard let components = URLComponents(string: value) else { throw .badURL(text, "it is not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .badURL(text, "the scheme must be http or https")
        }
        guard let host = components.host, !host.isEmpty else { throw .badURL(text, "it has no host") }
        guard components.query == nil, components.fragment == nil else {
            throw .badURL(text, "a base URL has no query or fragment")
        }
        return value
    }

    /// What a path segment keeps: RFC 3986 unreserved characters and the sub-delimiters, `:` and `@`
    /// (the URL path characters without `/`, `;`, `?`, `#` and `%`).
    static let segmentAllowed = PercentEncoding.Allowed.unreserved.adding("!$&'()*+,=:@")

    /// One percent-encoded path segment.
    package static func segment(_ text: String) -> String {
        text.percentEncoded(allowing: segmentAllowed)
    }

    package static func katalog(_ base: String) -> String { base + "/katalog" }

    package static func crd(_ base: String, _ crd: String) -> String { base + "/katalog/" + segment(crd) }
    package static func crdHealth(_ base: String, _ name: String) -> String { crd(base, name) + "/health" }

    package static func crList(_ base: String, _ crd: String, limit: Int, continue token: String?) -> String {
        var url = Self.crd(base, crd) + "/cr?limit=\(limit)"
        if let token { url += "&continue=" + token.percentEncoded(allowing: .alphanumerics) }
        return url
    }

    package static func cr(_ base: String, _ crd: String, namespace: String?, name: String) -> String {
        var url = Self.crd(base, crd) + "/cr/"
        if let namespace { url += segment(namespace) + "/" }
        return url + segment(name)
    }

    package static func events(_ base: String, _ crd: String, namespace: String?, name: String) -> String {
        cr(base, crd, namespace: namespace, name: name) + "/events"
    }
}
