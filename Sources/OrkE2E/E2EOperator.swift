import Logging
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkSandbox
import OrkSandboxAdmission
import OrkStats

/// Where the tests run: the embedded sandbox (with the Katalog's admission, as `ork run` gives it)
/// or a cluster, with the Katalog's CRDs applied and, unless the cluster already runs it, the
/// Katalog's operator running in this process.
public struct E2EOperator: Sendable {
    public enum Target: Sendable {
        /// A fresh in-memory sandbox per e2e file.
        case sandbox
        /// A cluster; `startOperator` false when a deployed runtime serves the Katalog already.
        case cluster(KubeConfig, startOperator: Bool)
    }

    public let katalog: Katalog
    public let target: Target
    public let logger: Logger

    public init(katalog: Katalog, target: Target, logger: Logger) {
        self.katalog = katalog
        self.target = target
        self.logger = logger
    }

    /// Runs `body` with a client of the API server while the operator runs; stops everything after.
    public func run<T: Sendable>(_ body: (KubeClient) async -> T) async throws -> T {
        var sandbox: SandboxServer?
        let client: KubeClient
        let cluster: String
        var startOperator = true
        switch target {
        case .sandbox:
            var sandboxLogger = logger
            sandboxLogger.logLevel = .warning
            let server = SandboxServer(store: try SandboxStore(), logger: sandboxLogger)
            try await server.start()
            await server.store.setAdmission(KatalogSandboxAdmission(katalog: katalog))
            sandbox = server
            client = try KubeClient(config: KubeConfig(server: server.url, source: "sandbox", qps: 1000, burst: 1000), logger: logger)
            cluster = "sandbox"
        case .cluster(let config, let start):
            client = try KubeClient(config: config, logger: logger)
            cluster = config.server
            startOperator = start
        }
        do {
            let result = try await run(body, client: client, cluster: cluster, startOperator: startOperator)
            await Self.stop(client, sandbox)
            return result
        } catch {
            await Self.stop(client, sandbox)
            throw error
        }
    }

    func run<T: Sendable>(_ body: (KubeClient) async -> T, client: KubeClient, cluster: String, startOperator: Bool)
        async throws -> T
    {
        _ = try await KatalogBootstrap(katalog: katalog, client: client, logger: logger).applyCRDs()
        guard startOperator else { return await body(client) }
        var configuration = RuntimeConfiguration()
        configuration.leaderElection = false
        configuration.pod = PodIdentity(name: "ork-e2e", ip: "127.0.0.1")
        let runtime = try Runtime(katalog: katalog, client: client, configuration: configuration, cluster: cluster, logger: logger)
        let task = Task { await runtime.run() }
        let result = await body(client)
        runtime.shutdown()
        await task.value
        return result
    }

    static func stop(_ client: KubeClient, _ sandbox: SandboxServer?) async {
        await client.shutdown()
        if let sandbox {
            await sandbox.stop()
            await sandbox.store.close()
        }
    }
}
