import Foundation
import Logging
import OrkAccess
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkStats
import OrkTestSupport
import OrkValue
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A runtime under test: a Katalog loaded from `examples/` (or text), its CRDs applied, and
/// `Runtime.run()` in a background task, confined to the test's namespace (its caches and Lease).
struct RuntimeHarness: Sendable {
    let cluster: TestCluster
    let namespace: String
    let katalog: Katalog
    let runtime: Runtime
    let task: Task<Void, Never>
    /// The HTTP API's port when started with `http: true`.
    let httpPort: PortBox

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func load(example: String) throws -> Katalog {
        try load(file: "\(repositoryRoot)/examples/\(example)/katalog.yaml")
    }

    static func load(file: String) throws -> Katalog {
        let result = KatalogLoader.load(file: file)
        guard let katalog = result.katalog, !result.hasErrors else {
            throw KubeConfigError("\(file) does not load: \(result.errors.map(\.description).joined(separator: "; "))")
        }
        return katalog
    }

    /// Starts a runtime for `katalog`; `client` (default: the cluster's) is the runtime's own, e.g.
    /// one over a `ReplicaTransport` that injects faults between this replica and the API server.
    static func start(_ katalog: Katalog, cluster: TestCluster, namespace: String, http: Bool = false,
                      client: KubeClient? = nil, notificationClock: any QueueClock = ContinuousQueueClock(),
                      access: KubeAPIAccess? = nil,
                      configure: (inout RuntimeConfiguration) -> Void = { _ in }) async throws -> RuntimeHarness {
        _ = try await KatalogBootstrap(katalog: katalog, client: cluster.client, defaultNamespace: namespace).applyCRDs()
        var configuration = RuntimeConfiguration()
        configuration.namespace = namespace
        configuration.watchNamespace = namespace
        configuration.leaseName = "orkestra-runtime-test"
        configuration.pod = PodIdentity(name: "test-\(namespace)", ip: "127.0.0.1")
        configure(&configuration)
        var logger = Logger(label: "orkestra.test")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let runtime = try Runtime(katalog: katalog, client: client ?? cluster.client, configuration: configuration,
                                  cluster: cluster.target.rawValue, logger: logger, notificationClock: notificationClock)
        let httpPort = PortBox()
        let task = Task {
            if http {
                await runtime.run { runtime in
                    var serverLogger = Logger(label: "orkestra.test.api")
                    serverLogger.logLevel = .critical
                    let server = RuntimeHTTPServer(inspector: runtime, host: "127.0.0.1", port: 0, logger: serverLogger, access: access)
                    try? await server.run { port in httpPort.set(port) }
                }
            } else {
                await runtime.run()
            }
        }
        let harness = RuntimeHarness(cluster: cluster, namespace: namespace, katalog: katalog, runtime: runtime, task: task,
                                     httpPort: httpPort)
        if http {
            _ = try await eventually { httpPort.value != nil }
        }
        return harness
    }

    /// GETs a path of the runtime's HTTP API: status code and JSON body.
    func http(_ path: String) async throws -> (Int, JSONValue) {
        guard let port = httpPort.value, let url = URL(string: "http://127.0.0.1:\(port)\(path)") else {
            throw KubeConfigError("the runtime's HTTP API is not running")
        }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try JSONValue.parse(String(decoding: data, as: UTF8.self)))
    }

    /// Stops the runtime gracefully and waits for it.
    func stop() async {
        runtime.shutdown()
        await task.value
    }

    var client: KubeClient { cluster.client }

    func resource(_ apiVersion: String, _ kind: String) async throws -> APIResource {
        try await client.resource(apiVersion: apiVersion, kind: kind)
    }

    /// The object or nil when it does not exist.
    func get(_ apiVersion: String, _ kind: String, _ name: String) async throws -> JSONValue? {
        let resource = try await resource(apiVersion, kind)
        do {
            return try await client.get(resource, namespace: resource.namespaced ? namespace : nil, name: name)
        } catch where error.kind == .notFound {
            return nil
        }
    }

    func apply(_ object: JSONValue, manager: String = "test") async throws -> JSONValue {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else {
            throw KubeConfigError("object without apiVersion/kind")
        }
        var object = object
        let resource = try await resource(apiVersion, kind)
        if resource.namespaced { object = object.setting(.string(namespace), at: ["metadata", "namespace"]) ?? object }
        return try await client.apply(resource, object, fieldManager: manager, force: true)
    }

    func delete(_ apiVersion: String, _ kind: String, _ name: String) async throws {
        let resource = try await resource(apiVersion, kind)
        _ = try await client.delete(resource, namespace: resource.namespaced ? namespace : nil, name: name)
    }

    /// The condition of `type` in a CR's status ("True"/"False"), or nil.
    static func condition(_ object: JSONValue?, _ type: String) -> String? {
        (object?.value(atDotted: "status.conditions")?.arrayValue ?? [])
            .first { $0["type"]?.stringValue == type }?["status"]?.stringValue
    }
}

/// The HTTP API's bound port, set once the server listens.
final class PortBox: Sendable {
    private let port = Mutex<Int?>(nil)
    var value: Int? { port.withLock { $0 } }
    func set(_ value: Int) { port.withLock { $0 = value } }
}
