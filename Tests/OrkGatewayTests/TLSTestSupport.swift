import Foundation
import OrkGateway
import OrkKube
import OrkTestSupport
import OrkValue
import Synchronization

/// Shared helpers of the TLS tests.
enum TLSFixtures {
    static let day: TimeInterval = 86_400
    static let dnsNames = CertificateAuthority.serviceDNSNames(service: "orkestra-gateway", namespace: "orkestra-system")

    /// A fixed instant (whole seconds, as certificates store them).
    static let t0 = Date(timeIntervalSince1970: 1_900_000_000)

    static func configuration(_ namespace: String, promotionDelay: TimeInterval = 0) -> CertificateStore.Configuration {
        .init(namespace: namespace, dnsNames: dnsNames, ipAddresses: ["127.0.0.1"], promotionDelay: promotionDelay)
    }

    /// `count` "replicas", each a store with its own client to the same API server; the
    /// clients are shut down afterwards. `transport` wraps a replica's HTTP transport (index given).
    static func withReplicas<T>(_ count: Int, _ cluster: TestCluster, _ configuration: CertificateStore.Configuration,
                                transport: (Int, any KubeTransport) -> any KubeTransport = { $1 },
                                _ body: ([CertificateStore]) async throws -> T) async throws -> T {
        let clients = try (0..<count).map { index in
            try KubeClient(config: cluster.config, transport: transport(index, try HTTPClientTransport(config: cluster.config)))
        }
        let stores = clients.map { CertificateStore(client: $0, configuration: configuration) }
        do {
            let result = try await body(stores)
            for client in clients { await client.shutdown() }
            return result
        } catch {
            for client in clients { await client.shutdown() }
            throw error
        }
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


/// Runs `hook` once, just before the first request with `method` to a Secret is sent: another
/// replica's write lands between this replica's read and its write, every time.
final class InterleavingTransport: KubeTransport {
    let inner: any KubeTransport
    let method: String
    private let hook: Mutex<(@Sendable () async -> Void)?>

    init(inner: any KubeTransport, method: String, before hook: @escaping @Sendable () async -> Void) {
        self.inner = inner
        self.method = method
        self.hook = Mutex(hook)
    }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        if request.method == method && request.path.contains("/secrets") {
            let pending = hook.withLock { hook in
                defer { hook = nil }
                return hook
            }
            await pending?()
        }
        return try await inner.send(request)
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse { try await inner.stream(request) }
    func shutdown() async { await inner.shutdown() }
}

/// A value one task sets and another reads.
final class Recorded<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func set(_ newValue: Value?) { value.withLock { $0 = newValue } }
    var get: Value? { value.withLock { $0 } }
}
