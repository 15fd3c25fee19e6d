import OrkPatternFetch
import OrkSandboxAdmission
import ArgumentParser
import FoundationEssentials
import Logging
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkSandbox
import OrkValue

/// `ork run`: runs a complete operator for every CRD of a Katalog until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an operator for every CRD of a Katalog (informers, queues, workers, HTTP API).",
        discussion: """
            With no cluster configured (no --kubeconfig, no KUBECONFIG, no ~/.kube/config, not in a pod) it starts \
            the embedded sandbox API server and says so; --sandbox forces that. The Katalog's crdFile CRDs and \
            crFiles CRs are applied at start (development); --no-apply skips that. Environment variables \
            (ORK_PORT, DEFAULT_WORKERS, DEFAULT_RESYNC, QUEUE_DEPTH, LOG_LEVEL, NAMESPACE, WATCH_NAMESPACE, \
            LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD, LEADER_ELECTION, ORK_SHARDING, ORK_GATEWAY_ENDPOINT, ORK_NOTIFY_TOKEN_FILE, \
            POD_NAME, POD_IP) \
            are described in docs/runtime.md; flags override them. SIGTERM stops taking work, finishes in-flight \
            reconciles, releases the leader Lease and exits 0.
            """
    )

    @Option(name: [.short, .customLong("file")], help: "The Katalog file.")
    var file: String = "katalog.yaml"

    @Option(help: "A kubeconfig file (forces a real cluster).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use.")
    var context: String?

    @Flag(help: "Use the embedded sandbox API server even if a cluster is configured.")
    var sandbox = false

    @Option(help: "Keep the sandbox's objects in this directory across restarts.")
    var sandboxDataDir: String?

    @Option(help: "The runtime's own namespace, where the leader Lease lives (NAMESPACE).")
    var namespace: String?

    @Option(help: "Watch CRs and children in this namespace only (WATCH_NAMESPACE).")
    var watchNamespace: String?

    @Option(help: "HTTP API port (ORK_PORT, default 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "Workers per CRD without reconciler.workers (DEFAULT_WORKERS; 1…50).")
    var workers: Int?

    @Flag(help: "Run workers without leader election (a single replica).")
    var noLeaderElection = false

    @Flag(help: "Do not apply the Katalog's crdFile CRDs and crFiles CRs at start.")
    var noApply = false

    @Option(help: "on: replicas share the CRs by shard, each reconciling its own (ORK_SHARDING; default off).")
    var sharding: String?

    func run() async throws {
        let environment = OrkEnvironment.current()
        do throws(ProcessLoggingError) { try ProcessLogging.bootstrap(environment: environment.variables) } catch {
            throw ValidationError(error.message)
        }
        let logger = Logger(label: "orkestra.runtime")

        // A deployed runtime (--no-apply) never applies crFiles; the bundle does not carry them.
        let result = await KatalogSource.load(file: file, requireCRFiles: !noApply, environment: environment.variables)
        guard let katalog = result.katalog, !result.hasErrors else {
            print(KatalogReport(result: result, file: file).text(), terminator: "")
            say("ork run: \(file) has errors; fix them (ork validate -f \(file)) and start again")
            throw ExitCode(1)
        }

        var configuration: RuntimeConfiguration
        do {
            configuration = try RuntimeConfiguration.fromEnvironment(
                environment.variables, hostName: ProcessInfo.processInfo.hostName, podNamespace: KubeConfigLoader.podNamespace())
        } catch {
            throw ValidationError(error.description)
        }
        if let namespace { configuration.namespace = namespace }
        if let watchNamespace { configuration.watchNamespace = watchNamespace }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535") }
            configuration.port = port
        }
        if let workers {
            do throws(ReconcilerSettingError) { try configuration.reconciler.setWorkers(flag: workers) } catch { throw ValidationError(error.message) }
        }
        if noLeaderElection { configuration.leaderElection = false }
        if let sharding {
            guard let on = RuntimeConfiguration.switchValue(sharding) else { throw ValidationError("--sharding must be on or off") }
            configuration.sharding = on
        }
        do { try configuration.validate() } catch { throw ValidationError(error.description) }

        let (client, sandboxServer, clusterName) = try await connect(environment: environment, logger: logger)
        if let sandboxServer, let admission = KatalogSandboxAdmission(katalog: katalog) {
            // What the gateway's webhooks do on a cluster, the sandbox does itself: no gateway to run.
            await sandboxServer.store.setAdmission(admission)
            say("admission: the Katalog's rules and protections run inside the sandbox, as the gateway's webhooks would")
        }
        let host = RuntimeHost(katalog: katalog, client: client, configuration: configuration, cluster: clusterName,
                               applyFiles: !noApply || sandboxServer != nil, logger: logger)
        let failure: RuntimeHostError?
        do throws(RuntimeHostError) {
            try await host.run(say: say)
            failure = nil
        } catch {
            failure = error
        }
        await shutdown(client: client, sandbox: sandboxServer)
        switch failure?.stage {
        case nil: return
        case .setup?: throw ValidationError(failure?.description ?? "")
        // Logged by the runtime already, as a critical line.
        case .serving?: throw ExitCode(1)
        }
    }

    /// A client for the configured cluster, or the embedded sandbox when none is configured.
    func connect(environment: OrkEnvironment, logger: Logger) async throws -> (KubeClient, SandboxServer?, String) {
        if !sandbox {
            if let config = try environment.clusterConfig(kubeconfig: kubeconfig, context: context) {
                do {
                    return (try KubeClient(config: config, logger: logger), nil, config.server)
                } catch {
                    throw ValidationError("cannot connect to \(config.server): \(error)")
                }
            }
        }
        let store: SandboxStore
        do {
            store = try SandboxStore(persistence: sandboxDataDir.map { SandboxPersistence(directory: $0) })
        } catch {
            throw ValidationError("cannot open the sandbox data directory \(sandboxDataDir ?? ""): \(error)")
        }
        var sandboxLogger = Logger(label: "orkestra.sandbox")
        sandboxLogger.logLevel = .warning
        let server = SandboxServer(store: store, logger: sandboxLogger)
        try await server.start()
        let path = writeKubeconfig(server.kubeconfig(), environment: environment)
        say(sandbox ? "using the embedded sandbox API server at \(server.url) (--sandbox)"
                    : "no cluster configured: using the embedded sandbox API server at \(server.url)")
        if let path { say("  kubectl: export KUBECONFIG=\(path)") }
        let client = try KubeClient(config: KubeConfig(server: server.url, source: "sandbox", qps: 1000, burst: 1000),
                                    logger: logger)
        return (client, server, "sandbox")
    }

    func shutdown(client: KubeClient, sandbox: SandboxServer?) async {
        await client.shutdown()
        if let sandbox {
            await sandbox.stop()
            await sandbox.store.close()
        }
    }

    func writeKubeconfig(_ text: String, environment: OrkEnvironment) -> String? {
        let path = sandboxDataDir.map { "\($0)/kubeconfig" } ?? environment.sandboxKubeconfigPath
        do {
            try SandboxKubeconfig.write(text, to: path)
            return path
        } catch {
            return nil
        }
    }

}

/// Prints a line at once (standard output may be a pipe, where print() buffers).
func say(_ line: String) {
    StandardStream.output.write((line + "\n"))
}
