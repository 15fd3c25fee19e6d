import Synchronization
import Logging
import OrkCore
import OrkKube

/// Keeps the API server pointed at the gateway: applies the Katalog's webhook configurations
/// (server-side apply, field manager `orkestra-gateway`: an unchanged configuration is a no-op, so
/// replicas never fight and updates never loop), deletes those of ours the Katalog no longer needs,
/// and patches conversion CRDs' `caBundle`.
///
/// `run` repairs at once when a configuration of ours is deleted or changed (a watch on the label
/// `app.kubernetes.io/managed-by=orkestra-gateway`), when the CA bundle changes (rotation), and every
/// `interval` (30 s) as a safety net. Every replica runs it; no leader is needed.
public final class WebhookRegistrar: Sendable {
    public static let fieldManager = "orkestra-gateway"

    let client: KubeClient
    let configurations: WebhookConfigurations
    let conversionCRDs: [String]
    let logger: Logger

    public init(client: KubeClient, configurations: WebhookConfigurations, logger: Logger) {
        self.client = client
        self.configurations = configurations
        self.conversionCRDs = RBACDerivation(katalog: configurations.katalog).conversionCRDs
        self.logger = logger
    }

    /// One pass; returns false when something failed (logged; the next pass retries).
    @discardableResult
    public func sync(caBundle: String) async -> Bool {
        var ok = true
        let desired = configurations.desired(caBundle: caBundle)
        for kind in ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"] {
            do {
                let resource = try await client.resource(apiVersion: "admissionregistration.k8s.io/v1", kind: kind)
                let wanted = desired.filter { $0.kind == kind }
                for configuration in wanted {
                    _ = try await client.apply(resource, configuration.object, fieldManager: Self.fieldManager, force: true)
                }
                for name in GatewayNames.configurations(of: kind) where !wanted.contains(where: { $0.name == name }) {
                    do {
                        try await client.delete(resource, namespace: nil, name: name)
                        logger.info("deleted \(kind) \(name): the Katalog no longer needs it")
                    } catch {
                        if error.kind != .notFound { throw error }
                    }
                }
            } catch {
                ok = false
                logger.warning("could not register \(kind)s: \(error)")
            }
        }
        if !conversionCRDs.isEmpty {
            let patch = configurations.conversionPatch(caBundle: caBundle)
            for crd in conversionCRDs {
                do {
                    let resource = try await client.resource(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
                    let current = try await client.get(resource, namespace: nil, name: crd)
                    if current.value(atDotted: "spec.conversion") == patch.value(atDotted: "spec.conversion") { continue }
                    _ = try await client.patch(resource, namespace: nil, name: crd, .merge(patch))
                    logger.info("pointed the conversion of CRD \(crd) at the gateway")
                } catch {
                    ok = false
                    logger.warning("could not patch the conversion of CRD \(crd): \(error)")
                }
            }
        }
        return ok
    }

    /// Syncs at once, then on every change to our configurations, every new CA bundle, and every
    /// `interval`, until cancelled.
    public func run(caBundles: AsyncStream<String>, initial: String, interval: Duration = .seconds(30)) async {
        let (triggers, trigger) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        var informers: [Informer] = []
        for kind in ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"] {
            guard let resource = try? await client.resource(apiVersion: "admissionregistration.k8s.io/v1", kind: kind) else { continue }
            let informer = Informer(client: client, resource: resource,
                                    options: InformerOptions(labelSelector: WebhookConfigurations.selector, metadataOnly: true),
                                    logger: logger)
            informers.append(informer)
        }
        let bundle = CABundleBox(initial)
        await withTaskGroup(of: Void.self) { group in
            for informer in informers {
                informer.start()
                let events = informer.events()
                group.addTask {
                    for await event in events {
                        switch event {
                        case .resync: continue
                        default: trigger.yield()
                        }
                    }
                }
            }
            group.addTask {
                for await next in caBundles {
                    bundle.set(next)
                    trigger.yield()
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    trigger.yield()
                }
            }
            group.addTask {
                await self.sync(caBundle: bundle.value)
                for await _ in triggers {
                    if Task.isCancelled { break }
                    await self.sync(caBundle: bundle.value)
                }
            }
            await withTaskCancellationHandler {
                await group.waitForAll()
            } onCancel: {
                trigger.finish()
            }
        }
        for informer in informers { await informer.stop() }
    }

    /// Deletes our webhook configurations (`--cleanup-on-shutdown`); NotFound counts as done.
    public func cleanup() async {
        for kind in ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"] {
            guard let resource = try? await client.resource(apiVersion: "admissionregistration.k8s.io/v1", kind: kind) else { continue }
            for name in GatewayNames.configurations(of: kind) {
                do {
                    try await client.delete(resource, namespace: nil, name: name)
                    logger.info("removed \(kind) \(name) on shutdown")
                } catch {
                    if error.kind != .notFound { logger.warning("could not remove \(kind) \(name): \(error)") }
                }
            }
        }
    }
}

/// The CA bundle the next sync uses.
final class CABundleBox: Sendable {
    private let bundle: Mutex<String>
    init(_ value: String) { bundle = Mutex(value) }
    var value: String { bundle.withLock { $0 } }
    func set(_ value: String) { bundle.withLock { $0 = value } }
}
