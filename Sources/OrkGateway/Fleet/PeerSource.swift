import OrkKube
import OrkValue

/// One gateway replica the fleet view asks for its `?scope=pod` stats.
public struct Peer: Sendable, Hashable {
    public var url: String
    public var ip: String
    /// The pod name when the source knows it (Endpoints' targetRef).
    public var podName: String?
    /// False for an address the Service lists as not ready: reported, not fetched.
    public var ready: Bool

    public init(url: String, ip: String, podName: String? = nil, ready: Bool = true) {
        self.url = url
        self.ip = ip
        self.podName = podName
        self.ready = ready
    }
}

/// Where the fleet's replicas are listed.
public protocol PeerSource: Sendable {
    func peers() async throws -> [Peer]
}

/// A fixed list of base URLs (`--peers`, local runs and tests).
public struct StaticPeers: PeerSource {
    public let urls: [String]
    public init(urls: [String]) { self.urls = urls }

    public func peers() async throws -> [Peer] {
        urls.map { url in
            let host = url.split(separator: "/").dropFirst().first.map { String($0.split(separator: ":").first ?? "") } ?? url
            return Peer(url: url, ip: host)
        }
    }
}

/// The addresses of the gateway's Service (`Endpoints` `<service>` in `<namespace>`), each as
/// `http://<ip>:<port>` with the subset's port named `http`: every replica the Service would route
/// to, and those it lists as not ready.
public struct ServiceEndpointPeers: PeerSource {
    public let client: KubeClient
    public let namespace: String
    public let service: String
    public let port: Int

    public init(client: KubeClient, namespace: String, service: String, port: Int) {
        self.client = client
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    public func peers() async throws -> [Peer] {
        let endpoints: JSONValue
        do {
            let resource = try await client.resource(apiVersion: "v1", kind: "Endpoints")
            endpoints = try await client.get(resource, namespace: namespace, name: service)
        } catch {
            if error.kind == .notFound { return [] }
            throw error
        }
        var peers: [Peer] = []
        for subset in endpoints["subsets"]?.arrayValue ?? [] {
            // The subset's port named `http` (the Service's HTTP port), else the configured one.
            let ports = subset["ports"]?.arrayValue ?? []
            let subsetPort = ports.first { $0["name"] == "http" }?["port"]?.intValue ?? port
            for (key, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for address in subset[key]?.arrayValue ?? [] {
                    guard let ip = address["ip"]?.stringValue else { continue }
                    let host = ip.contains(":") ? "[\(ip)]" : ip
                    peers.append(Peer(url: "http://\(host):\(subsetPort)", ip: ip, podName: address["targetRef"]?["name"]?.stringValue,
                                      ready: ready))
                }
            }
        }
        return peers
    }
}
