import OrkAccess
import FoundationEssentials
import Logging
import OrkAPI
import OrkKatalog
import OrkKube
import OrkStats
import OrkTemplate

/// One gateway process: the plain-HTTP server (answers at once), the TLS material (files, the
/// shared Secret, or — with no cluster — an in-memory certificate), the HTTPS webhook server with
/// hot-reloaded certificates, the certificate refresh, and the webhook registrar. Stateless: every
/// replica does all of it; none leads.
public final class Gateway: Sendable {
    public let katalog: Katalog
    public let configuration: GatewayConfiguration
    public let client: KubeClient?
    public let api: GatewayAPI
    let logger: Logger
    let fetcher: HTTPPeerFetcher
    let notifier: Notifier?
    let slack: SlackChannel?

    /// `client` is nil for a local run without a cluster (`--dev` only): webhooks are served, nothing is registered.
    /// `peerSource` replaces the peers of `configuration` (tests whose replicas learn their ports late);
    /// `notificationClock` times the notification intervals (tests move it by hand).
    public init(katalog: Katalog, configuration: GatewayConfiguration, client: KubeClient?, logger: Logger,
                peerSource: (any PeerSource)? = nil, notificationClock: any MonotonicClock = ContinuousMonotonicClock()) {
        self.katalog = katalog
        self.configuration = configuration
        self.client = client
        self.logger = logger
        let ownURL = "http://\(configuration.pod.ip):\(configuration.httpPort)"
        let peers: (any PeerSource)?
        if let peerSource {
            peers = peerSource
        } else if !configuration.peers.isEmpty {
            peers = StaticPeers(urls: configuration.peers)
        } else if let client {
            peers = ServiceEndpointPeers(client: client, namespace: configuration.namespace, service: configuration.serviceName,
                                         port: configuration.httpPort)
        } else {
            peers = nil
        }
        fetcher = HTTPPeerFetcher(tokenFile: configuration.apiAccess.mode == .kubernetes ? configuration.peerTokenFile : nil)
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), pod: configuration.pod,
                              ownURL: ownURL, peers: peers, fetcher: fetcher)
        if katalog.notification.teams.isEmpty {
            notifier = nil
            slack = nil
            api = GatewayAPI(fleet: fleet)
        } else {
            let slack = SlackChannel()
            self.slack = slack
            let resolver = SecretResolver(client: client, namespace: configuration.namespace,
                                          environment: configuration.notificationEnvironment)
            let email = (katalog.notification.smtp ?? configuration.smtp).map { SMTPRelayChannel(settings: $0, resolver: resolver) }
            let notifier = Notifier(settings: katalog.notification, slack: slack, email: email, resolver: resolver,
                                    clock: notificationClock, metrics: NotifierMetrics(factory: fleet.stats.metrics.factory),
                                    logger: logger)
            self.notifier = notifier
            api = GatewayAPI(fleet: fleet, notifier: notifier,
                             notifyAuthenticator: Self.notifyAuthenticator(configuration: configuration, client: client, logger: logger))
        }
    }

    /// Who may `POST /notify`: the `--dev` token file, else a TokenReview with the cluster, else
    /// nobody (a `--dev` run without a cluster or a token file answers 401).
    static func notifyAuthenticator(configuration: GatewayConfiguration, client: KubeClient?, logger: Logger) -> NotifyAuthenticator? {
        let allowed = configuration.effectiveNotifyAllowedUsers
        if configuration.dev, let token = configuration.notifyDevToken, let user = allowed.first {
            logger.notice("POST /notify accepts the token of ORK_NOTIFY_TOKEN_FILE as \(user) (--dev)")
            return NotifyAuthenticator(reviewer: StaticTokenReviewer(token: token, username: user), allowedUsers: Set(allowed))
        }
        guard let client else {
            logger.notice("POST /notify refuses every caller: no cluster to review tokens (set ORK_NOTIFY_TOKEN_FILE with --dev)")
            return nil
        }
        return NotifyAuthenticator(reviewer: KubeTokenReviewer(client: client, audiences: configuration.notifyAudiences),
                                   allowedUsers: Set(allowed))
    }

    /// Serves until cancelled; throws when a port cannot be bound or no certificate can be had.
    /// `onListening` gets (http port, https port) once both serve.
    public func run(onListening: @escaping @Sendable (Int, Int) async -> Void = { _, _ in }) async throws {
        do {
            try await serve(onListening: onListening)
        } catch {
            await shutdownClients()
            throw error
        }
        await shutdownClients()
    }

    /// The HTTP clients (peers, Slack) must be shut down before they go away, however `run` ends.
    func shutdownClients() async {
        await fetcher.shutdown()
        await slack?.shutdown()
    }

    func serve(onListening: @escaping @Sendable (Int, Int) async -> Void) async throws {
        let access = configuration.apiAccess.access(client: client)
        if configuration.apiAccess.mode == .kubernetes {
            if access == nil {
                logger.warning("ORK_API_AUTH=kubernetes needs a cluster to review callers with: without one the HTTP API answers everyone")
            } else {
                logger.notice("the HTTP API needs a Kubernetes identity allowed get on its path (TokenReview, SubjectAccessReview)")
            }
        }
        let servers = GatewayServers(api: api, host: configuration.host, logger: logger, access: access,
                                     openPaths: configuration.apiAccess.openPaths)
        let (httpPorts, httpPort) = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { httpPort.finish() }
                try await servers.runHTTP(port: self.configuration.httpPort) { port in
                    httpPort.yield(port)
                    httpPort.finish()
                }
            }
            var bound: Int?
            for await port in httpPorts { bound = port }
            guard let http = bound else {
                try await group.waitForAll()  // rethrows why the server stopped
                throw GatewayConfigurationError("the HTTP server on port \(configuration.httpPort) stopped before listening")
            }
            api.fleet.setOwnURL("http://\(configuration.pod.ip):\(http)")
            logger.info("health, fleet view and metrics on http://\(configuration.host):\(http)")

            let (material, store) = try await initialMaterial()
            let reloader = try TLSReloader(material)
            api.fleet.setTLS(Self.tlsDocument(material))
            let (httpsPorts, httpsPort) = AsyncStream<Int>.makeStream()
            group.addTask {
                defer { httpsPort.finish() }
                try await servers.runHTTPS(port: self.configuration.httpsPort, tls: reloader.serverConfiguration()) { port in
                    httpsPort.yield(port)
                    httpsPort.finish()
                }
            }
            var boundHTTPS: Int?
            for await port in httpsPorts { boundHTTPS = port }
            guard let https = boundHTTPS else {
                try await group.waitForAll()
                throw GatewayConfigurationError("the HTTPS server on port \(configuration.httpsPort) stopped before listening")
            }
            api.setReady(true)
            logger.info("webhooks on https://\(configuration.host):\(https) (\(material))")

            group.addTask { await self.refresh(reloader, store: store) }
            if let notifier { group.addTask { await notifier.run() } }
            if configuration.register, let client {
                let endpoint: WebhookEndpoint = configuration.dev
                    ? .url(configuration.advertiseURL ?? "https://127.0.0.1:\(https)")
                    : .service(namespace: configuration.namespace, name: configuration.serviceName, port: https)
                let configurations = WebhookConfigurations(katalog: katalog, endpoint: endpoint)
                let bundles = AsyncStream<String> { continuation in
                    let task = Task {
                        for await next in reloader.updates() {
                            self.api.fleet.setTLS(Self.tlsDocument(next))
                            continuation.yield(next.caBundlePEM)
                        }
                        continuation.finish()
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
                // Only a Service's replicas can tell they are leaving it (`--peers` and `--dev` cannot).
                let presence = (api.fleet.peers as? ServiceEndpointPeers).map { ServicePresence(peers: $0, ownIP: configuration.pod.ip) }
                if let presence { group.addTask { await presence.watchUntilListed() } }
                group.addTask {
                    let registrar = WebhookRegistrar(client: client, configurations: configurations,
                                                     revision: await self.katalogRevision(client), presence: presence,
                                                     logger: self.logger)
                    await withTaskCancellationHandler {
                        await registrar.run(caBundles: bundles, initial: material.caBundlePEM, interval: self.configuration.syncInterval)
                    } onCancel: {
                        // No write after the stop began: a peer stopping too may already be removing them.
                        registrar.stop()
                        reloader.finish()
                    }
                    // The group is being cancelled: decide in a task of its own, whose requests are not.
                    if self.configuration.cleanupOnShutdown { await Task { await self.cleanUpIfLast(registrar) }.value }
                }
            }
            await onListening(http, https)
            try await group.waitForAll()
        }
    }

    /// The revision the registrar writes: the Katalog's hash and, with `ORK_KATALOG_CONFIGMAP`, its generation.
    func katalogRevision(_ client: KubeClient) async -> KatalogRevision {
        var generation: UInt64?
        if let configMap = configuration.katalogConfigMap {
            generation = await KatalogGeneration.read(client: client, namespace: configuration.namespace, configMap: configMap,
                                                      key: configuration.katalogConfigMapKey, katalog: katalog, logger: logger)
        }
        let revision = KatalogRevision(katalog: katalog, generation: generation)
        logger.info("webhook configurations carry Katalog \(katalog.metadata.name) \(revision)")
        return revision
    }

    /// A clean stop: answer not ready first (so a peer stopping at the same time sees this one
    /// stopped), then remove the webhook configurations only if no other replica serves.
    func cleanUpIfLast(_ registrar: WebhookRegistrar) async {
        api.setReady(false)
        let check = LastReplicaCheck(peers: api.fleet.peers, readiness: fetcher, ownURL: api.fleet.ownURL)
        switch await check.decide() {
        case .remove:
            logger.notice("no other gateway replica serves: removing the webhook configurations")
            await registrar.cleanup()
        case .keep(let reason):
            logger.notice("keeping the webhook configurations: \(reason)")
        }
    }

    /// Files, else the shared Secret (with a cluster), else an in-memory certificate (local `--dev` without a cluster).
    func initialMaterial() async throws -> (TLSMaterial, CertificateStore?) {
        if let cert = configuration.tlsCert, let key = configuration.tlsKey {
            return (try CertificateStore.loadFiles(certPath: cert, keyPath: key, caPath: configuration.tlsCA), nil)
        }
        var dnsNames = CertificateAuthority.serviceDNSNames(service: configuration.serviceName, namespace: configuration.namespace)
        var addresses: [String] = []
        if configuration.dev {
            dnsNames.append("localhost")
            addresses.append("127.0.0.1")
        }
        guard let client else {
            return (try CertificateAuthority.generateMaterial(dnsNames: dnsNames, ipAddresses: addresses,
                                                              validity: configuration.validity), nil)
        }
        let store = CertificateStore(client: client, configuration: .init(
            namespace: configuration.namespace, dnsNames: dnsNames, ipAddresses: addresses, secretName: OrkNames.gatewayTLSSecret,
            validity: configuration.validity, rotationThreshold: configuration.rotationThreshold), logger: logger)
        return (try await store.ensure(), store)
    }

    func refresh(_ reloader: TLSReloader, store: CertificateStore?) async {
        if let cert = configuration.tlsCert, let key = configuration.tlsKey {
            await reloader.keepCurrent(certPath: cert, keyPath: key, caPath: configuration.tlsCA, logger: logger)
        } else if let store {
            await reloader.keepCurrent(with: store, every: configuration.syncInterval, logger: logger)
        }
    }

    static func tlsDocument(_ material: TLSMaterial) -> GatewayFleet.TLS {
        GatewayFleet.TLS(caFingerprint: material.caFingerprint, notAfter: APIFormat.timestamp(material.notAfter),
                         source: material.source.rawValue)
    }
}
