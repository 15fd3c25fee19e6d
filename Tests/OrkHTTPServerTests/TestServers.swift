import Foundation
import Logging
import NIOSSL
import OrkAPI
import OrkGateway
import OrkHTTPServer
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkSandbox
import OrkStats
import OrkTestSupport
import OrkValue

/// The four listeners under test, each on 127.0.0.1 port 0 with the limits a test chooses.
enum ServerKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case runtime, gatewayHTTP, gatewayHTTPS, sandbox
    var description: String { rawValue }
}

/// A running server: where it listens, how to stop it.
struct RunningServer: Sendable {
    let kind: ServerKind
    let target: RawTarget
    let stop: @Sendable () async -> Void
}

enum TestServers {
    static var logger: Logger {
        var logger = Logger(label: "orkestra.http-test")
        logger.logLevel = .critical
        return logger
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The gateway's API over the website example Katalog.
    static func gatewayAPI() throws -> GatewayAPI {
        let result = KatalogLoader.load(file: "\(root)/examples/website/katalog.yaml")
        guard let katalog = result.katalog else { throw ServerStartFailure("the website example Katalog does not load") }
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(),
                              pod: PodIdentity(name: "gw-0", ip: "127.0.0.1"), ownURL: "http://127.0.0.1:8080",
                              peers: nil, fetcher: NoPeers())
        return GatewayAPI(fleet: fleet)
    }

    static func start(_ kind: ServerKind, limits: ServerLimits? = nil) async throws -> RunningServer {
        switch kind {
        case .runtime:
            let api = RuntimeAPI(inspector: EmptyInspector())
            let server = RuntimeHTTPServer(api: api, host: "127.0.0.1", port: 0, logger: logger,
                                           limits: limits ?? RuntimeHTTPServer.defaultLimits)
            return try await serve(kind, tls: false) { onListening in try await server.run(onListening: onListening) }
        case .gatewayHTTP, .gatewayHTTPS:
            let api = try gatewayAPI()
            api.setReady(true)
            let servers = GatewayServers(api: api, host: "127.0.0.1", logger: logger,
                                         httpLimits: limits ?? GatewayLimits.http, webhookLimits: limits ?? GatewayLimits.webhooks)
            if kind == .gatewayHTTP {
                return try await serve(kind, tls: false) { onListening in try await servers.runHTTP(port: 0, onListening: onListening) }
            }
            let material = try CertificateAuthority.generateMaterial(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validity: 86_400)
            let reloader = try TLSReloader(material)
            return try await serve(kind, tls: true) { onListening in
                try await servers.runHTTPS(port: 0, tls: reloader.serverConfiguration(), onListening: onListening)
            }
        case .sandbox:
            let server = SandboxServer(store: try SandboxStore(), logger: logger, limits: limits ?? SandboxServer.defaultLimits)
            try await server.start()
            guard let port = server.port else { throw ServerStartFailure("the sandbox has no port") }
            return RunningServer(kind: kind, target: .plain(port), stop: { await server.stop() })
        }
    }

    private static func serve(_ kind: ServerKind, tls: Bool,
                              _ run: @escaping @Sendable (@escaping @Sendable (Int) async -> Void) async throws -> Void)
        async throws -> RunningServer
    {
        let (ports, continuation) = AsyncStream<Int?>.makeStream()
        let task = Task {
            defer { continuation.yield(nil) }
            try await run { port in continuation.yield(port) }
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let port = bound else {
            throw ServerStartFailure("\(kind) stopped before listening: \(await task.result)")
        }
        let target = tls ? try RawTarget.tls(port) : RawTarget.plain(port)
        return RunningServer(kind: kind, target: target, stop: {
            task.cancel()
            _ = await task.result
        })
    }
}

struct ServerStartFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct NoPeers: PeerFetcher {
    func podStats(_ peer: Peer) async -> Result<JSONValue, PeerError> { .failure(PeerError("no peers in this test")) }
}

/// A runtime with an empty Katalog: the API answers probes, `/katalog`, `/metrics` and 404s.
struct EmptyInspector: RuntimeInspector {
    static let metadata = KatalogMetadata(name: "empty", version: "1.0.0")
    let started = Date(timeIntervalSince1970: 1_900_000_000)
    let metrics = RuntimeMetrics(crds: [])

    var katalog: Katalog {
        Katalog(file: "katalog.yaml", sourceText: "", metadata: Self.metadata, security: .init(), notification: .init(), crds: [])
    }

    func snapshot() -> RuntimeSnapshot {
        RuntimeSnapshot(katalog: Self.metadata, pod: PodIdentity(name: "runtime-0", ip: "127.0.0.1"),
                        leader: LeaderState(isLeader: true, leaderIdentity: "runtime-0", leaderEndpoint: nil),
                        startedAt: started, ready: true, cluster: "https://127.0.0.1:6443", crds: [])
    }

    func customResources(crd: String) -> [JSONValue]? { nil }
    func customResource(crd: String, namespace: String?, name: String) -> JSONValue? { nil }
    func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode] { [] }
    func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event] { [] }
}

/// Raises the soft limit of open files to the hard limit (hundreds of sockets per test).
func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// The resident set of this process in KiB (`VmRSS` of /proc/self/status).
func residentKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
    return nil
}
