import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import OrkTestSupport
import Testing
@testable import OrkGateway

/// The HTTPS webhook server itself: a wrong content type is 415, a huge body 413, an unknown path
/// 404, a GET 405 — each with a JSON reason — and the server keeps serving afterwards.
struct WebhookServerTests {
    @Test func badRequestsGetClearStatusesOverTLS() async throws {
        let material = try CertificateAuthority.generateMaterial(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validity: 86_400)
        let reloader = try TLSReloader(material)
        var logger = Logger(label: "server-test")
        logger.logLevel = .critical
        let servers = GatewayServers(api: try WebhookTests.api("website"), host: "127.0.0.1", logger: logger)
        let ports = PortPair()
        let server = Task { try await servers.runHTTPS(port: 0, tls: reloader.serverConfiguration()) { ports.set(0, $0) } }
        defer { server.cancel() }
        #expect(try await eventually(timeout: .seconds(60)) { ports.value != nil })
        let port = try #require(ports.value?.1)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(material.caBundlePEM.utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        func post(_ path: String, type: String = "application/json", _ body: [UInt8], method: HTTPMethod = .POST) async throws -> (Int, String) {
            var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)\(path)")
            request.method = method
            request.headers.add(name: "Content-Type", value: type)
            if method == .POST { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await client.execute(request, timeout: .seconds(60))
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            return (Int(response.status.code), text)
        }
        let review = WebhookTests.admission("CREATE", group: "demo.orkestra.io", version: "v1alpha1", resource: "websites",
                                            kind: "Website", name: "blog", object: WebhookTests.website(image: "nginx:1.27", replicas: 2))
        let wrongType = try await post("/validate", type: "text/plain", review)
        #expect(wrongType.0 == 415 && wrongType.1.contains("is not JSON"))
        let huge = try await post("/validate", Array(repeating: UInt8(ascii: " "), count: 9 << 20))
        #expect(huge.0 == 413 && huge.1.contains("larger than"))
        #expect(try await post("/nope", review).0 == 404)
        #expect(try await post("/validate", [], method: .GET).0 == 405)
        let ok = try await post("/validate", review)
        #expect(ok.0 == 200 && ok.1.contains("\"allowed\": true"), "still serving")
        try await client.shutdown()
    }
}
