import Logging
import OrkKatalog
import OrkKube
import ServiceLifecycle

/// The runtime as `ork run` hosts it, once the cluster is chosen: the Katalog's CRDs and CRs applied
/// (when asked), one ``Runtime`` with its HTTP API, run as a service of a `ServiceGroup` that turns
/// SIGTERM and SIGINT into a graceful shutdown (no new work, in-flight reconciles finish, the Lease
/// is released).
public struct RuntimeHost: Sendable {
    public let katalog: Katalog
    public let client: KubeClient
    public let configuration: RuntimeConfiguration
    /// The cluster's name for the API and logs (`sandbox` or the API server's URL).
    public let cluster: String
    /// Whether to create the Katalog's CRDs and CRs from its files first (`ork run` without `--no-apply`).
    public let applyFiles: Bool
    public let logger: Logger

    public init(katalog: Katalog, client: KubeClient, configuration: RuntimeConfiguration, cluster: String,
                applyFiles: Bool, logger: Logger) {
        self.katalog = katalog
        self.client = client
        self.configuration = configuration
        self.cluster = cluster
        self.applyFiles = applyFiles
        self.logger = logger
    }

    /// Applies the files (when asked), then runs until SIGTERM or SIGINT. `say` gets the lines a
    /// user reads on the terminal. Throws ``RuntimeHostError`` when the files cannot be applied, the
    /// runtime cannot be built, or the HTTP API cannot listen.
    public func run(say: @escaping @Sendable (String) -> Void) async throws(RuntimeHostError) {
        if applyFiles {
            let bootstrap = KatalogBootstrap(katalog: katalog, client: client,
                                             defaultNamespace: configuration.watchNamespace ?? "default", logger: logger)
            do {
                let crds = try await bootstrap.applyCRDs()
                let crs = try await bootstrap.applyCRs()
                if !crds.isEmpty || crs > 0 { say("applied \(crds.count) CRDs and \(crs) CRs from the Katalog's files") }
            } catch {
                throw RuntimeHostError(error.description)
            }
        }
        let runtime: Runtime
        do {
            runtime = try Runtime(katalog: katalog, client: client, configuration: configuration, cluster: cluster,
                                  logger: logger)
        } catch {
            throw RuntimeHostError(error.description)
        }
        // The libraries' swift-metrics series (if any record) appear on this runtime's /metrics.
        runtime.metrics.bootstrapProcessMetrics()
        // Hummingbird logs its own cancellation at shutdown as an error: keep its logger quiet.
        var serverLogger = Logger(label: "orkestra.api")
        serverLogger.logLevel = .critical
        let (host, port) = (configuration.host, configuration.port)
        let settings = configuration.apiAccess
        // The sandbox reviews no tokens: its runs stay open (and say so).
        let access = cluster == "sandbox" ? nil : settings.access(client: client)
        if settings.mode == .kubernetes {
            say(access == nil ? "ORK_API_AUTH=kubernetes needs a cluster to review callers with: the sandbox's API answers everyone"
                : "the HTTP API needs a Kubernetes identity allowed get on its path (TokenReview, SubjectAccessReview); open: "
                  + settings.openPaths.sorted().map { "/\($0)" }.joined(separator: " "))
        }
        let api = RuntimeHTTPServer(inspector: runtime, host: host, port: port, logger: serverLogger, access: access,
                                    openPaths: settings.openPaths)
            .application { bound in say("HTTP API on http://\(host):\(bound) (/katalog, /metrics, /healthz)") }
        // A signal shuts the services down in reverse order: the runtime first (no new work, in-flight
        // reconciles finish, the Lease is released), then the API, which answers until then.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: api), .init(service: RuntimeService(runtime: runtime, logger: logger))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            if let reason = runtime.stopReason { throw RuntimeHostError(reason, stage: .serving) }
            let message = "the HTTP API cannot listen on \(host):\(port): \(error)"
            logger.critical("\(message)")
            throw RuntimeHostError(message, stage: .serving)
        }
        // The runtime stopped by itself (a shard member that lost its Lease): exit non-zero, so that
        // the pod restarts as a new member.
        if let reason = runtime.stopReason { throw RuntimeHostError(reason, stage: .serving) }
    }
}

/// Why `ork run` could not start or keep running.
public struct RuntimeHostError: Error, Sendable, CustomStringConvertible {
    public enum Stage: Sendable, Hashable {
        /// Applying the Katalog's files or building the runtime from its configuration.
        case setup
        /// Running: the HTTP API could not listen, or the service group failed.
        case serving
    }

    public var stage: Stage
    public var description: String

    public init(_ description: String, stage: Stage = .setup) {
        self.stage = stage
        self.description = description
    }
}

/// The runtime as a service: a signal (graceful shutdown) or the group's cancellation (the API
/// failed) asks it to stop; it returns once in-flight reconciles finished.
struct RuntimeService: Service {
    let runtime: Runtime
    let logger: Logger

    func run() async {
        let (runtime, logger) = (runtime, logger)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await runtime.run()
            } onGracefulShutdown: {
                logger.info("received SIGTERM or SIGINT: shutting down")
                runtime.shutdown()
            }
        } onCancel: {
            runtime.shutdown()
        }
    }
}
