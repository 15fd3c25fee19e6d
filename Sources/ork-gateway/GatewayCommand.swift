import OrkPatternFetch
import ArgumentParser
import FoundationEssentials
import Logging
import OrkGateway
import OrkKatalog
import OrkKube
import ServiceLifecycle
import OrkValue

/// `ork-gateway`: the stateless webhook gateway (admission, conversion, deletion protection) with
/// its fleet view. Runs in a pod; `--dev` runs it locally.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ork-gateway",
        abstract: "Serve the Katalog's admission, conversion and deletion-protection webhooks over TLS.",
        discussion: """
            Plain HTTP on ORK_PORT (8080): /healthz, /readyz, /katalog (fleet view; ?scope=pod), /metrics, \
            POST /notify (bearer token of an allowed ServiceAccount, checked with a TokenReview; \
            ORK_NOTIFY_TOKEN_FILE with --dev). \
            HTTPS on --https-port (8443): /validate, /mutate, /convert, /deletion-protection. \
            Outside a Kubernetes pod it refuses to start unless --dev is given. See docs/gateway.md.
            """,
        version: OrkVersion.current)

    @Option(name: .shortAndLong, help: "The Katalog file.")
    var file = "./katalog.yaml"

    @Option(help: "A kubeconfig file.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use.")
    var context: String?

    @Flag(help: "Run outside a pod (local runs and tests): webhooks point at --advertise-url.")
    var dev = false

    @Option(help: "HTTP port (ORK_PORT, default 8080).")
    var port: Int?

    @Option(help: "HTTPS webhook port (ORK_HTTPS_PORT, default 8443).")
    var httpsPort: Int?

    @Option(help: "With --dev: the base URL the API server calls (default https://127.0.0.1:<https port>).")
    var advertiseURL: String?

    @Option(help: "The gateway's namespace (NAMESPACE): TLS Secret and Service.")
    var namespace: String?

    @Option(help: "Peer gateways' base URLs, comma-separated, instead of the Service's endpoints.")
    var peers: String?

    @Flag(help: "Do not register webhook configurations (serve only).")
    var noRegister = false

    @Flag(inversion: .prefixedNo,
          help: "On a clean stop, delete the webhook configurations when no other replica serves (default on).")
    var cleanupOnShutdown = true

    @Option(help: "The Katalog's ConfigMap (ORK_KATALOG_CONFIGMAP): its resourceVersion orders Katalogs in a rollout.")
    var katalogConfigmap: String?

    @Flag(help: "Uninstall hook: wait until no gateway pod (--gateway-pods) is left, delete the webhook configurations, exit.")
    var uninstall = false

    @Option(help: "With --uninstall: the gateway pods' label selector.")
    var gatewayPods = "app.kubernetes.io/name=orkestra,app.kubernetes.io/component=gateway"

    @Option(help: "With --uninstall: seconds to wait for the gateway pods to go.")
    var uninstallTimeout = 120

    /// `--uninstall`: the chart's post-delete hook.
    func runUninstall(environment: [String: String], logger: Logger) async throws {
        guard (1...3600).contains(uninstallTimeout) else { throw ValidationError("--uninstall-timeout must be 1…3600 seconds") }
        let client: KubeClient
        do {
            guard let config = try KubeConfigLoader(environment: environment).resolve(kubeconfig: kubeconfig, context: context) else {
                throw ValidationError("--uninstall needs a cluster (in a pod, or --kubeconfig)")
            }
            client = try KubeClient(config: config, logger: logger)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("cannot use the cluster configuration: \(error)")
        }
        let ns = namespace ?? environment["NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 } ?? KubeConfigLoader.podNamespace() ?? "default"
        let removed = await GatewayUninstall(client: client, namespace: ns, podSelector: gatewayPods,
                                             timeout: .seconds(uninstallTimeout), logger: logger).run()
        await client.shutdown()
        if !removed { throw ExitCode(1) }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        do throws(ProcessLoggingError) { try ProcessLogging.bootstrap(environment: environment) } catch {
            throw ValidationError(error.message)
        }
        let logger = Logger(label: "orkestra.gateway")
        let inPod = environment["KUBERNETES_SERVICE_HOST"] != nil
            && FileManager.default.fileExists(atPath: "\(KubeConfigLoader.serviceAccountDirectory)/token")
        guard inPod || dev else {
            throw ValidationError("""
                ork-gateway runs inside a Kubernetes pod: the API server calls it through its Service. \
                For a local run (development, tests) add --dev.
                """)
        }

        if uninstall {
            try await runUninstall(environment: environment, logger: logger)
            return
        }

        // The gateway never applies crFiles; the bundle's ConfigMap does not carry them.
        let result = await KatalogSource.load(file: file, requireCRFiles: false, environment: environment)
        guard let katalog = result.katalog, !result.hasErrors else {
            print(KatalogReport(result: result, file: file).text(), terminator: "")
            throw ValidationError("\(file) has errors; fix them (ork validate -f \(file)) and start again")
        }

        var configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.fromEnvironment(
                environment, hostName: ProcessInfo.processInfo.hostName, podNamespace: KubeConfigLoader.podNamespace(),
                notification: katalog.notification, dev: dev)
            if let port { configuration.httpPort = port }
            if let httpsPort { configuration.httpsPort = httpsPort }
            if let namespace { configuration.namespace = namespace }
            configuration.dev = dev
            configuration.advertiseURL = advertiseURL
            configuration.peers = (peers ?? "").split(separator: ",").map { String($0).trimmingSpacesAndTabs() }
                .filter { !$0.isEmpty }
            configuration.register = !noRegister
            configuration.cleanupOnShutdown = cleanupOnShutdown
            if let katalogConfigmap { configuration.katalogConfigMap = katalogConfigmap }
            try configuration.check()
        } catch {
            throw ValidationError(error.description)
        }

        let client: KubeClient?
        do {
            if let config = try KubeConfigLoader(environment: environment).resolve(kubeconfig: kubeconfig, context: context) {
                client = try KubeClient(config: config, logger: logger)
            } else {
                client = nil
                logger.notice("no cluster configured: serving webhooks without registering them")
            }
        } catch {
            throw ValidationError("cannot use the cluster configuration: \(error)")
        }

        let gateway = Gateway(katalog: katalog, configuration: configuration, client: client, logger: logger)
        // The libraries' swift-metrics series (if any record) appear on this gateway's /metrics.
        gateway.api.fleet.stats.metrics.bootstrapProcessMetrics()
        // SIGTERM and SIGINT cancel the gateway: it stops serving and, as the last replica, removes
        // its webhook configurations.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: GatewayService(gateway: gateway))], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        var failure: String?
        do {
            try await group.run()
        } catch {
            failure = "\(error)"
        }
        await client?.shutdown()
        if let failure {
            logger.critical("ork-gateway stopped: \(failure)")
            throw ExitCode(1)
        }
    }

}

/// The gateway as a service: graceful shutdown (a signal) cancels it, which is its clean exit.
struct GatewayService: Service {
    let gateway: Gateway

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await gateway.run { http, https in
                    StandardStream.output.write("ork-gateway: HTTP on :\(http), webhooks on HTTPS :\(https)\n")
                }
            }
        } catch where Task.isCancelled || error is CancellationError {
            // Stopped by a signal: not a failure.
        }
    }
}
