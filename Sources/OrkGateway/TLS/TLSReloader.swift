import FoundationEssentials
import NIOCore
import NIOSSL
import Synchronization

/// Holds the TLS material the HTTPS server presents and swaps it without a restart.
///
/// `serverConfiguration()` returns a NIOSSL configuration whose `sslContextCallback` hands every
/// new handshake the certificate and key current at that moment, so `reload(_:)` takes effect for
/// the next connection while open connections finish with the certificate they began with.
/// Observers (the webhook registrar re-patching `caBundle`) subscribe with `updates()`.
public final class TLSReloader: Sendable {
    private struct Served: Sendable {
        var material: TLSMaterial
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
    }

    private struct State: Sendable {
        var served: Served
        var observers: [Int: AsyncStream<TLSMaterial>.Continuation] = [:]
        var nextObserver = 0
    }

    private let state: Mutex<State>

    /// Starts serving `material`; throws when its certificate chain or key cannot be loaded.
    public init(_ material: TLSMaterial) throws(TLSError) {
        state = Mutex(State(served: try Self.load(material)))
    }

    /// The material served to new connections.
    public var current: TLSMaterial { state.withLock { $0.served.material } }

    /// Serves `material` to every new connection from now on and tells observers. Returns false
    /// (and tells no one) when it equals the current material; throws, keeping the current
    /// material, when it cannot be loaded or its key does not belong to its certificate.
    @discardableResult
    public func reload(_ material: TLSMaterial) throws(TLSError) -> Bool {
        guard material != current else { return false }
        let served = try Self.load(material)
        let observers = state.withLock { state -> [AsyncStream<TLSMaterial>.Continuation]? in
            guard state.served.material != material else { return nil }
            state.served = served
            return Array(state.observers.values)
        }
        guard let observers else { return false }
        for observer in observers { observer.yield(material) }
        return true
    }

    /// Material changes from now on (the newest one when an observer falls behind). The stream
    /// ends when the consumer stops iterating or `finish()` is called.
    public func updates() -> AsyncStream<TLSMaterial> {
        let (stream, continuation) = AsyncStream<TLSMaterial>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state -> Int in
            defer { state.nextObserver += 1 }
            state.observers[state.nextObserver] = continuation
            return state.nextObserver
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.observers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every `updates()` stream (at shutdown).
    public func finish() {
        let observers = state.withLock { state -> [AsyncStream<TLSMaterial>.Continuation] in
            defer { state.observers = [:] }
            return Array(state.observers.values)
        }
        for observer in observers { observer.finish() }
    }

    /// How long a closing connection waits for the client's close_notify before closing the socket.
    public static let closeNotifyTimeout: TimeAmount = .seconds(1)

    /// A server configuration (TLS 1.2+) that presents the current certificate on every handshake.
    public func serverConfiguration() -> TLSConfiguration {
        let served = state.withLock { $0.served }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: served.chain.map { .certificate($0) }, privateKey: .privateKey(served.key))
        configuration.minimumTLSVersion = .tlsv12
        // A stopping gateway closes idle connections with close_notify and waits for the client's;
        // a client that never answers (an idle keep-alive connection) held the stop for NIO's default
        // 5 s, past the 2 s the servers give requests in flight (`ServerLifetime.grace`).
        configuration.shutdownTimeout = Self.closeNotifyTimeout
        configuration.sslContextCallback = { [self] _, promise in
            let served = self.state.withLock { $0.served }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = served.chain.map { .certificate($0) }
            override.privateKey = .privateKey(served.key)
            promise.succeed(override)
        }
        return configuration
    }

    private static func load(_ material: TLSMaterial) throws(TLSError) -> Served {
        _ = try TLSMaterial(validatingChain: material.certificateChainPEM, privateKeyPEM: material.privateKeyPEM,
                            caBundlePEM: material.caBundlePEM, source: material.source)
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(material.certificateChainPEM.utf8))
            guard !chain.isEmpty else { throw TLSError(.invalidPEM, "the certificate chain is empty") }
            let key = try NIOSSLPrivateKey(bytes: Array(material.privateKeyPEM.utf8), format: .pem)
            return Served(material: material, chain: chain, key: key)
        } catch let error as TLSError {
            throw error
        } catch {
            throw TLSError(.invalidCertificate, "cannot load the certificate or key for TLS: \(error)")
        }
    }
}
