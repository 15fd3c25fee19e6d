import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL
import OrkKatalog
import OrkStats
import OrkValue
import OrkKube
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

#if canImport(Glibc)
import Glibc
#endif

/// Two gateway replicas behind one Endpoints object (on the sandbox and the real API server): after
/// N admission requests spread over both, `/katalog` on either replica reports exactly N and each
/// replica's share; with one replica stopped, the other marks it unreachable instead of failing.
@Suite(.serialized)
struct FleetReplicaTests {
    /// The first non-loopback IPv4 address: Endpoints refuse loopback addresses.
    static func hostAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0,
                              NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.hasPrefix("127.") { return text }
        }
        return nil
    }

    struct Replica {
        let gateway: Gateway
        let task: Task<Void, any Error>
        let ports: PortPair
    }

    static func start(_ name: String, ip: String, katalog: Katalog, cluster: TestCluster, namespace: String) async throws -> Replica {
        var configuration = GatewayConfiguration()
        configuration.dev = true
        configuration.register = false
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.namespace = namespace
        configuration.pod = PodIdentity(name: name, ip: ip)
        var logger = Logger(label: "orkestra.gateway.\(name)")
        logger.logLevel = .warning
        let gateway = Gateway(katalog: katalog, configuration: configuration, client: cluster.client, logger: logger)
        let ports = PortPair()
        let task = Task { try await gateway.run { http, https in ports.set(http, https) } }
        #expect(try await eventually(timeout: .seconds(60)) { ports.value != nil })
        return Replica(gateway: gateway, task: task, ports: ports)
    }

    @Test(arguments: ConformanceTarget.available)
    func fleetOfTwo(_ target: ConformanceTarget) async throws {
        let ip = try #require(Self.hostAddress(), "this test needs a non-loopback IPv4 address")
        try await TestCluster.run(target) { cluster, namespace in
            let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
            let a = try await Self.start("gw-a", ip: ip, katalog: katalog, cluster: cluster, namespace: namespace)
            let b = try await Self.start("gw-b", ip: ip, katalog: katalog, cluster: cluster, namespace: namespace)
            defer { a.task.cancel(); b.task.cancel() }
            // Recreate the ownURL the gateway computed: it uses the configured (0) port, so bound ports
            // differ; the Endpoints name the bound ones.
            let (aHTTP, aHTTPS) = try #require(a.ports.value), (bHTTP, bHTTPS) = try #require(b.ports.value)
            let endpoints = try await cluster.client.resource(apiVersion: "v1", kind: "Endpoints")
            func subset(_ pod: String, _ port: Int) -> JSONValue {
                ["addresses": [["ip": .string(ip), "targetRef": ["kind": "Pod", "name": .string(pod)]]],
                 "ports": [["name": "http", "port": .int(port)]]]
            }
            _ = try await cluster.client.create(endpoints, namespace: namespace, [
                "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": .string(OrkNames.gatewayService)],
                "subsets": [subset("gw-a", aHTTP), subset("gw-b", bHTTP)],
            ])

            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            let body = WebhookTests.admission("CREATE", group: "demo.orkestra.io", version: "v1alpha1", resource: "websites",
                                              kind: "Website", name: "blog", object: WebhookTests.website(image: "nginx:1.27", replicas: 2))
            let total = 30, toA = 17
            for index in 0..<total {
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(index < toA ? aHTTPS : bHTTPS)/validate")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await client.execute(request, timeout: .seconds(60))
                #expect(response.status == .ok)
                _ = try await response.body.collect(upTo: 1 << 20)
            }
            try await client.shutdown()

            for replica in [a, b] {
                // Each view asks its peer with the gateway's short (1 s) timeout: on a loaded machine one
                // ask may time out (the peer shows as unreachable), so the view is read until complete.
                var fleet: JSONValue = .null
                var shares: [String: Int] = [:]
                let complete = try await eventually {
                    fleet = try JSONValue.parse(await replica.gateway.api.respond(method: "GET", path: "/katalog", query: "").body)
                    let rows = fleet["replicas"]?.arrayValue ?? []
                    shares = Dictionary(uniqueKeysWithValues: rows.compactMap { row -> (String, Int)? in
                        guard let name = row["pod"]?["name"]?.stringValue else { return nil }
                        return (name, row["totals"]?["validation"]?["total"]?.intValue ?? -1)
                    })
                    return rows.count == 2 && rows.allSatisfy { $0["reachable"] == true }
                }
                #expect(complete, "\(fleet.serialized())")
                #expect(fleet["totals"]?["validation"]?["total"]?.intValue == total, "\(fleet.serialized())")
                #expect(shares == ["gw-a": toA, "gw-b": total - toA], "\(fleet.serialized())")
            }

            // Stop b: a's fleet view marks it unreachable and still answers.
            b.task.cancel()
            _ = try? await b.task.value
            let fleet = try JSONValue.parse(await a.gateway.api.respond(method: "GET", path: "/katalog", query: "").body)
            let rows = fleet["replicas"]?.arrayValue ?? []
            let down = rows.first { $0["url"]?.stringValue == "http://\(ip):\(bHTTP)" }
            #expect(down?["reachable"] == false)
            #expect((down?["error"]?.stringValue ?? "").isEmpty == false, "\(rows)")
            #expect(fleet["totals"]?["validation"]?["total"]?.intValue == toA)
            // Stopped before the cluster's client is shut down (the defer only covers a thrown error;
            // neither replica registers anything).
            a.task.cancel()
            _ = try? await a.task.value
        }
    }
}
