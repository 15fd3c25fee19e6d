import FoundationEssentials
import Logging
import OrkKube
import OrkValue

/// Keeps the gateway's self-generated TLS material in one Secret shared by every replica.
///
/// `ensure()` at start-up and `rotateIfNeeded(now:)` on every housekeeping tick both read the
/// Secret and converge on it: a missing Secret is created (409 AlreadyExists: another replica won,
/// adopt theirs); an unusable one is replaced; a serving certificate within `rotationThreshold` of
/// expiry is rotated in two steps — a new CA is first added to `ca.crt` next to the old one (old +
/// new overlap) with the new certificate staged, and after `promotionDelay` the staged certificate
/// becomes `tls.crt`. Every write carries the resourceVersion read; a 409 Conflict re-reads and
/// adopts what the other replica wrote. All replicas therefore end with the same material; feed
/// what these methods return to `TLSReloader.reload(_:)`.
public actor CertificateStore {
    public nonisolated let configuration: Configuration
    private let client: KubeClient
    private let logger: Logger
    /// The material last read or written: recreates a deleted Secret without a new certificate.
    private var last: TLSMaterial?

    static let maxAttempts = 8

    public init(client: KubeClient, configuration: Configuration,
                logger: Logger = Logger(label: "orkestra.gateway.tls")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// The material to serve at start-up: the Secret's when present, usable and not due for
    /// rotation; otherwise what this replica (or a faster one) generated and stored.
    public func ensure(now: Date = Date()) async throws(TLSError) -> TLSMaterial {
        try await converge(now: now)
    }

    /// Re-reads the Secret and rotates when the serving certificate is within the threshold
    /// (or promotes a staged certificate whose delay has passed). Returns what to serve now:
    /// unchanged material when nothing was due, another replica's rotation when it rotated first.
    public func rotateIfNeeded(now: Date = Date()) async throws(TLSError) -> TLSMaterial {
        try await converge(now: now)
    }

    private func converge(now: Date) async throws(TLSError) -> TLSMaterial {
        let (namespace, name) = (configuration.namespace, configuration.secretName)
        for _ in 0..<Self.maxAttempts {
            guard let existing = try await read() else {
                let secret = try recreation(now: now)
                do {
                    _ = try await client.create(TLSSecret.resource, namespace: namespace,
                                                secret.object(name: name, namespace: namespace))
                    logger.info("created TLS Secret", metadata: ["secret": "\(namespace)/\(name)", "ca": "\(secret.current.caFingerprint)"])
                    return adopt(secret.current)
                } catch where error.kind == .alreadyExists {
                    continue // another replica created it first: read and adopt theirs
                } catch {
                    throw TLSError(.kubernetes, "cannot create Secret \(namespace)/\(name): \(error)")
                }
            }
            let next: TLSSecret
            do {
                let decoded = try TLSSecret.decode(existing)
                guard let planned = try RotationPlan.next(after: decoded, configuration: configuration, now: now) else {
                    return adopt(decoded.current)
                }
                next = planned
            } catch {
                guard error.kind != .generation else { throw error }
                logger.warning("TLS Secret is unusable; replacing it", metadata: ["secret": "\(namespace)/\(name)", "error": "\(error)"])
                next = TLSSecret(current: try RotationPlan.fresh(configuration: configuration, now: now))
            }
            if try await replace(existing, with: next) {
                logger.info("updated TLS Secret", metadata: ["secret": "\(namespace)/\(name)", "ca": "\(next.current.caFingerprint)",
                                                             "staged": "\(next.staged != nil)"])
                return adopt(next.current)
            }
        }
        throw TLSError(.kubernetes, "Secret \(namespace)/\(name) kept changing; gave up after \(Self.maxAttempts) attempts")
    }

    /// The Secret, or nil when it does not exist.
    private func read() async throws(TLSError) -> JSONValue? {
        do {
            return try await client.get(TLSSecret.resource, namespace: configuration.namespace, name: configuration.secretName)
        } catch where error.kind == .notFound {
            return nil
        } catch {
            throw TLSError(.kubernetes, "cannot read Secret \(configuration.namespace)/\(configuration.secretName): \(error)")
        }
    }

    /// PUT with the resourceVersion read; false when another writer got there first (409) or the
    /// Secret vanished (404), so the caller re-reads.
    private func replace(_ existing: JSONValue, with secret: TLSSecret) async throws(TLSError) -> Bool {
        do {
            _ = try await client.update(TLSSecret.resource, namespace: configuration.namespace, secret.replacing(existing))
            return true
        } catch where error.kind == .conflict || error.kind == .notFound {
            return false
        } catch {
            throw TLSError(.kubernetes, "cannot update Secret \(configuration.namespace)/\(configuration.secretName): \(error)")
        }
    }

    /// What to create when the Secret is missing: the material this replica already serves when
    /// it is still good (a Secret deleted under a running fleet keeps its CA), else new material.
    private func recreation(now: Date) throws(TLSError) -> TLSSecret {
        if let last, last.notAfter.timeIntervalSince(now) > RotationPlan.threshold(configuration) {
            return TLSSecret(current: last)
        }
        return TLSSecret(current: try RotationPlan.fresh(configuration: configuration, now: now))
    }

    private func adopt(_ material: TLSMaterial) -> TLSMaterial {
        last = material
        return material
    }
}
