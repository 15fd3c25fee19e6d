import ArgumentParser
import FoundationEssentials
import OrkSandbox
import Logging
import ServiceLifecycle

/// `ork sandbox`: the embedded Kubernetes API server, standalone.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded Kubernetes API server on loopback and write a kubeconfig for it.",
        discussion: """
            Point kubectl at it with `export KUBECONFIG=<printed path>`. With --data-dir every acknowledged write \
            is fsync'd to a log in that directory and recovered on the next start; without it nothing is kept. \
            Faults can be injected over HTTP at /_sandbox/faults (see docs/sandbox.md).
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 0

    @Option(help: "Keep objects in this directory across restarts.")
    var dataDir: String?

    @Option(help: "Where to write the kubeconfig (default: <data-dir>/kubeconfig, else ~/.cache/orkestra/sandbox/kubeconfig).")
    var kubeconfig: String?

    func run() async throws {
        let persistence = dataDir.map { SandboxPersistence(directory: $0) }
        let store: SandboxStore
        do {
            store = try SandboxStore(persistence: persistence)
        } catch {
            throw ValidationError("cannot open the sandbox data directory \(dataDir ?? ""): \(error)")
        }
        let server = SandboxServer(store: store, port: port)
        do {
            try await server.start()
        } catch {
            throw ValidationError("cannot listen on 127.0.0.1:\(port): \(error)")
        }
        let path = try writeKubeconfig(server.kubeconfig())
        say("sandbox API server listening on \(server.url)")
        say("kubeconfig: \(path)")
        say("  export KUBECONFIG=\(path)")
        if let dataDir { say("data directory: \(dataDir)") }
        // SIGTERM and SIGINT begin the graceful shutdown: the server stops, then the log is closed.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: SandboxService(server: server, store: store))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "orkestra.sandbox")))
        try await group.run()
    }

    func writeKubeconfig(_ text: String) throws -> String {
        let path = kubeconfig ?? dataDir.map { "\($0)/kubeconfig" } ?? OrkEnvironment.current().sandboxKubeconfigPath
        try SandboxKubeconfig.write(text, to: path)
        return path
    }
}

/// The standalone sandbox as a service: it serves (the server runs on its own) until the graceful
/// shutdown, then stops the server and closes its log, also when cancelled.
struct SandboxService: Service {
    let server: SandboxServer
    let store: SandboxStore

    func run() async throws {
        try? await gracefulShutdown()
        say("stopping the sandbox")
        await server.stop()
        await store.close()
    }
}
