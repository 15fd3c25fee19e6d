import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

/// Certificates rotate while admissions keep coming, each on a fresh TLS connection, from a client
/// that trusts the CA bundle the webhook configurations carry during rotation (old + new CAs):
/// zero requests fail, and requests are served both before and after every swap.
struct RotationUnderLoadTests {
    @Test(.timeLimit(.minutes(2))) func rotationDropsNoRequest() async throws {
        func material() throws -> TLSMaterial {
            try CertificateAuthority.generateMaterial(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validity: 86_400)
        }
        let generations = try (0..<4).map { _ in try material() }
        let bundle = generations.map(\.caBundlePEM).joined()
        let reloader = try TLSReloader(generations[0])
        let api = try WebhookTests.api("website")
        var logger = Logger(label: "rotation")
        logger.logLevel = .critical
        let servers = GatewayServers(api: api, host: "127.0.0.1", logger: logger)
        let port = PortPair()
        let server = Task { try await servers.runHTTPS(port: 0, tls: reloader.serverConfiguration()) { port.set(0, $0) } }
        defer { server.cancel() }
        #expect(try await eventually(timeout: .seconds(60)) { port.value != nil })
        let https = try #require(port.value?.1)

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(bundle.utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let body = WebhookTests.admission("CREATE", group: "demo.orkestra.io", version: "v1alpha1", resource: "websites",
                                          kind: "Website", name: "blog", object: WebhookTests.website(image: "nginx:1.27", replicas: 2))
        let tally = LoadTally(generations: generations.count)
        await withTaskGroup(of: Void.self) { group in
            // The load: 4 concurrent senders, a new connection for every request.
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<60 {
                        let current = tally.generation
                        var request = HTTPClientRequest(url: "https://127.0.0.1:\(https)/validate")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "Connection", value: "close")
                        request.body = .bytes(ByteBuffer(bytes: body))
                        do {
                            let response = try await client.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            if response.status == .ok { tally.served(by: current) }
                            else { tally.fail("HTTP \(response.status.code)") }
                        } catch {
                            tally.fail("\(error)")
                        }
                    }
                }
            }
            // The rotations, spaced so that each generation serves some requests.
            group.addTask {
                for next in 1..<generations.count {
                    _ = try? await eventually(timeout: .seconds(60)) { tally.counts[next - 1] >= 20 }
                    do {
                        _ = try reloader.reload(generations[next])
                        tally.generation = next
                    } catch {
                        tally.fail("reload: \(error)")
                    }
                }
            }
        }
        try await client.shutdown()
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
        let counts = tally.counts
        #expect(counts.reduce(0, +) == 240)
        #expect(counts.allSatisfy { $0 > 0 }, "every certificate generation served requests: \(counts)")
    }
}

/// What the load saw: requests served per certificate generation, and failures.
final class LoadTally: Sendable {
    private struct State {
        var counts: [Int]
        var failures: [String] = []
        var generation = 0
    }

    private let state: Mutex<State>
    init(generations: Int) { state = Mutex(State(counts: Array(repeating: 0, count: generations))) }

    var counts: [Int] { state.withLock { $0.counts } }
    var failures: [String] { state.withLock { $0.failures } }
    var generation: Int {
        get { state.withLock { $0.generation } }
        set { state.withLock { $0.generation = newValue } }
    }

    func served(by generation: Int) {
        state.withLock { state in
            if state.counts.indices.contains(generation) { state.counts[generation] += 1 }
        }
    }

    func fail(_ reason: String) { state.withLock { $0.failures.append(reason) } }
}
