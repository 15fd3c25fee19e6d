import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import NIOCore
import NIOSSL
import OrkGateway
import ServiceLifecycle
import Testing

/// A real HTTPS server (Hummingbird + HummingbirdTLS on 127.0.0.1) presents whatever the reloader
/// holds: after `reload`, a new connection sees the new certificate without a restart.
@Suite(.serialized)
struct TLSHotReloadTests {
    static func material() throws -> TLSMaterial {
        try CertificateAuthority.generateMaterial(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validity: TLSFixtures.day)
    }

    /// A stopping gateway waits for an idle client's close_notify at most 1 s, inside the 2 s its
    /// servers give requests in flight (NIO's default, 5 s, held SIGTERM → exit 5.0 s for a client
    /// keeping an idle HTTPS connection without answering; 1.0 s now).
    @Test func closingConnectionsWaitForTheClientsCloseNotifyAtMostASecond() throws {
        let configuration = try TLSReloader(try Self.material()).serverConfiguration()
        #expect(configuration.shutdownTimeout == .seconds(1))
        #expect(configuration.shutdownTimeout.nanoseconds < TimeAmount.seconds(2).nanoseconds)
    }

    @Test func aReloadedCertificateIsServedToNewConnectionsWithoutARestart() async throws {
        let first = try Self.material(), second = try Self.material()
        let reloader = try TLSReloader(first)
        let updates = reloader.updates()
        try await HTTPSServer.with(reloader) { (port: Int) async throws in
            #expect(try await HTTPSClient.get(port: port, trusting: first.caBundlePEM) == "pong")
            #expect(try await HTTPSClient.get(port: port, trusting: second.caBundlePEM) == nil,
                    "a client trusting only the next CA is refused before the reload")

            #expect(try reloader.reload(second))
            #expect(reloader.current == second)
            #expect(try await HTTPSClient.get(port: port, trusting: second.caBundlePEM) == "pong",
                    "a new connection sees the new certificate on the same server")
            #expect(try await HTTPSClient.get(port: port, trusting: first.caBundlePEM) == nil,
                    "and no longer the old one")

            #expect(!(try reloader.reload(second)), "the same material again changes nothing")
            var broken = first
            broken.privateKeyPEM = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
            #expect(throws: TLSError.self) { try reloader.reload(broken) }
            var mismatched = first
            mismatched.privateKeyPEM = second.privateKeyPEM
            #expect(throws: TLSError.self) { try reloader.reload(mismatched) }
            #expect(reloader.current == second, "bad material never replaces good material")
            #expect(try await HTTPSClient.get(port: port, trusting: second.caBundlePEM) == "pong")
        }
        var iterator = updates.makeAsyncIterator()
        #expect(await iterator.next() == second, "observers hear about the change")
        reloader.finish()
        #expect(await iterator.next() == nil)
    }

    @Test func anOverlapBundleTrustsTheServerBeforeAndAfterTheSwap() async throws {
        let first = try Self.material()
        var second = try Self.material()
        second.caBundlePEM += first.caBundlePEM
        let reloader = try TLSReloader(first)
        try await HTTPSServer.with(reloader) { (port: Int) async throws in
            #expect(try await HTTPSClient.get(port: port, trusting: second.caBundlePEM) == "pong")
            try reloader.reload(second)
            #expect(try await HTTPSClient.get(port: port, trusting: second.caBundlePEM) == "pong")
        }
    }
}

/// Runs a Hummingbird HTTPS server answering `GET /ping` on 127.0.0.1 with an ephemeral port.
enum HTTPSServer {
    static func with(_ reloader: TLSReloader, _ body: (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("ping") { _, _ in "pong" }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: reloader.serverConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [application], logger: application.logger))
        let task = Task { try await group.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        do {
            try #require(port > 0)
            try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

/// One HTTPS request on a fresh client (so a fresh connection and handshake).
enum HTTPSClient {
    /// The body, or nil when the TLS handshake fails (the server's certificate is not trusted).
    /// AsyncHTTPClient retries a failed handshake until its connect timeout, hence a short one.
    static func get(port: Int, trusting bundle: String) async throws -> String? {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(bundle.utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(tlsConfiguration: tls, timeout: .init(connect: .seconds(2))))
        do {
            let response = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/ping"), timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1024)
            try await client.shutdown()
            return String(buffer: body)
        } catch is NIOSSLError {
            try await client.shutdown()
            return nil
        } catch is BoringSSLError {
            try await client.shutdown()
            return nil
        } catch {
            try await client.shutdown()
            throw error
        }
    }
}

/// The refresh loops hand new material to the reloader on their own.
struct TLSRefreshTests {
    @Test(.timeLimit(.minutes(1))) func renewedFilesAreServedWithoutARestartAndBrokenOnesAreSkipped() async throws {
        let directory = try TLSFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("tls.crt"), key = directory.appendingPathComponent("tls.key")
        func write(_ material: TLSMaterial, key keyPEM: String? = nil) throws {
            try Data(material.certificateChainPEM.utf8).write(to: cert)
            try Data((keyPEM ?? material.privateKeyPEM).utf8).write(to: key)
        }
        let first = try TLSHotReloadTests.material(), second = try TLSHotReloadTests.material()
        try write(first)
        let reloader = try TLSReloader(CertificateStore.loadFiles(certPath: cert.path, keyPath: key.path))
        let updates = reloader.updates()
        let loop = Task { await reloader.keepCurrent(certPath: cert.path, keyPath: key.path, every: .milliseconds(20)) }
        defer { loop.cancel() }

        try write(second, key: first.privateKeyPEM)
        #expect(throws: TLSError.self) { try CertificateStore.loadFiles(certPath: cert.path, keyPath: key.path) }
        try write(second)
        var iterator = updates.makeAsyncIterator()
        let served = await iterator.next()
        #expect(served?.certificateChainPEM == second.certificateChainPEM, "the first change served is the complete pair")
        #expect(served?.privateKeyPEM == second.privateKeyPEM)
        #expect(reloader.current.source == .files)
    }
}
