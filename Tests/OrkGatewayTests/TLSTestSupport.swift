import Foundation
import OrkCore
import OrkGateway
import OrkKube
import OrkTestSupport

/// Shared helpers of the TLS tests.
enum TLSFixtures {
    static let day: TimeInterval = 86_400
    static let dnsNames = CertificateAuthority.serviceDNSNames(service: "orkestra-gateway", namespace: "orkestra-system")

    /// A fixed instant (whole seconds, as certificates store them).
    static let t0 = Date(timeIntervalSince1970: 1_900_000_000)

    static func configuration(_ namespace: String, promotionDelay: TimeInterval = 0) -> CertificateStore.Configuration {
        .init(namespace: namespace, dnsNames: dnsNames, ipAddresses: ["127.0.0.1"], promotionDelay: promotionDelay)
    }

    /// Another "replica": its own client to the same API server.
    static func replica(_ cluster: TestCluster, _ configuration: CertificateStore.Configuration) throws -> CertificateStore {
        CertificateStore(client: try KubeClient(config: cluster.config), configuration: configuration)
    }

    static let secrets = APIResource(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)

    /// The gateway's Secret in `namespace`.
    static func secret(_ cluster: TestCluster, _ namespace: String) async throws -> JSONValue {
        try await cluster.client.get(secrets, namespace: namespace, name: CertificateStore.Configuration.defaultSecretName)
    }

    /// The Secret's `data[key]` decoded as text.
    static func text(_ secret: JSONValue, _ key: String) -> String? {
        guard let encoded = secret["data"]?[key]?.stringValue, let bytes = Data(base64Encoded: encoded) else { return nil }
        return String(data: bytes, encoding: .utf8)
    }

    /// How many Secrets of the namespace carry the gateway's label.
    static func secretCount(_ cluster: TestCluster, _ namespace: String) async throws -> Int {
        try await cluster.client.list(secrets, namespace: namespace,
                                      options: ListOptions(labelSelector: "app.kubernetes.io/name=orkestra")).items.count
    }

    /// A temporary directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ork-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

