import OrkAccess
import FoundationEssentials
import OrkKatalog
import OrkKube
import OrkTemplate
import OrkValue
import Synchronization

/// Turns a Katalog `SecretValue` into its text when a notification is delivered: plain text as
/// written, `env` from the variables `GatewayConfiguration` captured, `secretKeyRef` by reading the
/// Secret in the gateway's namespace (cached for `ttl`, so a rotated Secret is picked up).
public final class SecretResolver: Sendable {
    let client: KubeClient?
    let namespace: String
    let environment: [String: String]
    let clock: any MonotonicClock
    let ttl: Duration
    private let cache = Mutex(LRUCache<String, (text: String, expires: Duration)>(capacity: 64))

    /// `environment` holds only the variables the Katalog references (see
    /// `GatewayConfiguration.referencedEnvironment`); `client` nil (a `--dev` run without a cluster)
    /// makes every `secretKeyRef` fail with a reason.
    public init(client: KubeClient?, namespace: String, environment: [String: String], clock: any MonotonicClock = ContinuousMonotonicClock(),
                ttl: Duration = .seconds(60)) {
        self.client = client
        self.namespace = namespace
        self.environment = environment
        self.clock = clock
        self.ttl = ttl
    }

    public func resolve(_ value: SecretValue) async throws(DeliveryError) -> String {
        switch value {
        case .plain(let text):
            return text
        case .env(let name):
            guard let text = environment[name], !text.isEmpty else {
                throw DeliveryError("environment variable \(name) (named in the Katalog) is not set in the gateway's container")
            }
            return text
        case .secretKeyRef(let name, let key):
            let cacheKey = "\(name)\u{0}\(key)"
            let now = clock.now()
            if let hit = cache.withLock({ $0.value(for: cacheKey) }), hit.expires > now { return hit.text }
            let text = try await read(name: name, key: key)
            cache.withLock { _ = $0.set((text, now + ttl), for: cacheKey) }
            return text
        }
    }

    func read(name: String, key: String) async throws(DeliveryError) -> String {
        guard let client else {
            throw DeliveryError("Secret \(namespace)/\(name) cannot be read without a cluster (--dev): use {env: NAME} or plain text locally")
        }
        let secret: JSONValue
        do {
            secret = try await client.get(TLSSecret.resource, namespace: namespace, name: name)
        } catch {
            throw DeliveryError("cannot read Secret \(namespace)/\(name): \(error.kind == .forbidden ? "forbidden (the gateway's Role needs get on it)" : error.description)")
        }
        guard let encoded = secret["data"]?[key]?.stringValue else {
            throw DeliveryError("Secret \(namespace)/\(name) has no key \(key)")
        }
        guard let bytes = Base64.decode(encoded), let text = String(validating: bytes, as: UTF8.self) else {
            throw DeliveryError("Secret \(namespace)/\(name) key \(key) is not UTF-8 text")
        }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw DeliveryError("Secret \(namespace)/\(name) key \(key) is empty") }
        return trimmed
    }
}
