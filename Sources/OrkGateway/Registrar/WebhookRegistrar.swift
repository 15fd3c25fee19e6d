import Synchronization
import Logging
import OrkKatalog
import OrkValue
import OrkKube

/// Keeps the API server pointed at the gateway: applies the Katalog's webhook configurations
/// (server-side apply, field manager `orkestra-gateway`: an unchanged configuration is a no-op),
/// deletes those of ours the Katalog no longer needs, and patches conversion CRDs' `caBundle`.
///
/// Every configuration carries the `KatalogRevision` it was derived from. A pass first reads all of
/// ours and writes nothing when one carries a newer Katalog (`RegistrarDecision`): replicas running
/// different Katalogs during a rollout converge on the newest instead of overwriting each other.
/// Writes carry the resourceVersion that was read as a precondition, so a newer replica's write
/// between our read and our write fails (409) instead of being overwritten.
///
/// `run` repairs at once when a configuration of ours is deleted or changed (a watch on the label
/// `app.kubernetes.io/managed-by=orkestra-gateway`), when the CA bundle changes (rotation), and every
/// `interval` (30 s) as a safety net. Every replica runs it; no leader is needed. A replica that is
/// stopping writes nothing: from its `stop()` on, and already from when it left its Service's
/// Endpoints (`ServicePresence`), so it cannot re-create what the last replica removes.
public final class WebhookRegistrar: Sendable {
    public static let fieldManager = "orkestra-gateway"
    static let apiVersion = "admissionregistration.k8s.io/v1"
    static let kinds = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]

    let client: KubeClient
    let configurations: WebhookConfigurations
    let revision: KatalogRevision
    let conversionCRDs: [String]
    let logger: Logger
    private let yieldedTo = Mutex<KatalogRevision?>(nil)
    private let stopping = Mutex(false)
    /// Where this replica stands in its Service (nil: no Service, e.g. `--dev` or `--peers`).
    let presence: ServicePresence?
    /// Whether the last pass found this replica leaving (so the change is logged once each way).
    private let wasLeaving = Mutex(false)

    /// Stops every write from here on, at once (the replica is shutting down): a pass in progress
    /// writes nothing more, so it cannot recreate what the last replica's clean stop removes.
    public func stop() { stopping.withLock { $0 = true } }
    public var isStopped: Bool { stopping.withLock { $0 } }

    public init(client: KubeClient, configurations: WebhookConfigurations, revision: KatalogRevision? = nil,
                presence: ServicePresence? = nil, logger: Logger) {
        self.client = client
        self.presence = presence
        self.configurations = configurations
        self.revision = revision ?? KatalogRevision(katalog: configurations.katalog, generation: nil)
        self.conversionCRDs = RBACDerivation(katalog: configurations.katalog).conversionCRDs
        self.logger = logger
    }

    /// One of our configurations as read: nil when it does not exist.
    struct Current {
        var kind: String
        var name: String
        var object: JSONValue?
        var resourceVersion: String? { object?.value(atDotted: "metadata.resourceVersion")?.stringValue }
        var revision: KatalogRevision? { KatalogRevision(annotations: object?.value(atDotted: "metadata.annotations")) }
    }

    /// Reads every configuration name of ours (both kinds).
    func readCurrent() async throws(KubeError) -> [Current] {
        var current: [Current] = []
        for kind in Self.kinds {
            let resource = try await client.resource(apiVersion: Self.apiVersion, kind: kind)
            for name in GatewayNames.configurations(of: kind) {
                do {
                    current.append(Current(kind: kind, name: name, object: try await client.get(resource, namespace: nil, name: name)))
                } catch {
                    if error.kind != .notFound { throw error }
                    current.append(Current(kind: kind, name: name, object: nil))
                }
            }
        }
        return current
    }

    /// The desired object with the revision's annotations and, for an existing one, its
    /// resourceVersion as the write's precondition.
    static func annotated(_ object: JSONValue, revision: KatalogRevision, resourceVersion: String?) -> JSONValue {
        guard case .object(var fields) = object, case .object(var metadata)? = fields["metadata"] else { return object }
        metadata["annotations"] = revision.annotations
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        fields["metadata"] = .object(metadata)
        return .object(fields)
    }

    /// Whether `whole` already holds every field of `part` with the same value (fields the API server
    /// defaults, such as `namespaceSelector: {}`, or another manager added, are ignored, as an apply
    /// would leave them); arrays must match element by element.
    static func holds(_ whole: JSONValue, _ part: JSONValue) -> Bool {
        switch (whole, part) {
        case (.object(let have), .object(let want)):
            return want.allSatisfy { key, value in have[key].map { holds($0, value) } ?? false }
        case (.array(let have), .array(let want)):
            return have.count == want.count && zip(have, want).allSatisfy { holds($0, $1) }
        default:
            return whole == part
        }
    }

    /// One pass; returns false when something failed (logged; the next pass retries).
    @discardableResult
    public func sync(caBundle: String) async -> Bool {
        guard !isStopped else { return false }
        let current: [Current]
        do {
            current = try await readCurrent()
        } catch {
            logger.warning("could not read the webhook configurations: \(error)")
            return false
        }
        // Read after the configurations: a removal by the last replica is seen together with this
        // replica's absence from the Endpoints that replica decided on.
        if let presence {
            let leaving = await presence.observe() == .leaving
            let was = wasLeaving.withLock { was in defer { was = leaving }; return was }
            if leaving != was {
                logger.notice(leaving
                    ? "this replica is not in its Service's endpoints (stopping, or they cannot be read): not writing the webhook configurations"
                    : "this replica is in its Service's endpoints again: writing the webhook configurations")
            }
            if leaving { return false }
        }
        let decision = RegistrarDecision.decide(ours: revision, existing: current.compactMap(\.revision))
        let written: KatalogRevision
        switch decision {
        case .yield(let newer):
            let changed = yieldedTo.withLock { seen in
                defer { seen = newer }
                return seen != newer
            }
            if changed {
                logger.notice("webhook configurations carry a newer Katalog (\(newer)) than this replica's (\(revision)): not writing them")
            }
            return true
        case .write(let revision):
            yieldedTo.withLock { $0 = nil }
            written = revision
        }
        var ok = true
        let desired = configurations.desired(caBundle: caBundle)
        for kind in Self.kinds {
            do throws(KubeError) {
                let resource = try await client.resource(apiVersion: Self.apiVersion, kind: kind)
                for configuration in current where configuration.kind == kind {
                    if let wanted = desired.first(where: { $0.kind == kind && $0.name == configuration.name }) {
                        let object = Self.annotated(wanted.object, revision: written, resourceVersion: nil)
                        // Kubernetes 1.20 stores even an unchanged apply (managedFields' time): skip it.
                        if let existing = configuration.object, Self.holds(existing, object) { continue }
                        guard !isStopped else { return false }
                        let precondition = Self.annotated(object, revision: written, resourceVersion: configuration.resourceVersion)
                        _ = try await client.apply(resource, precondition, fieldManager: Self.fieldManager, force: true)
                    } else if let version = configuration.resourceVersion {
                        guard !isStopped else { return false }
                        do {
                            try await client.delete(resource, namespace: nil, name: configuration.name,
                                                    options: DeleteOptions(preconditionResourceVersion: version))
                            logger.info("deleted \(kind) \(configuration.name): the Katalog no longer needs it")
                        } catch {
                            if error.kind != .notFound { throw error }
                        }
                    }
                }
            } catch {
                ok = false
                if error.kind == .conflict {
                    logger.info("a \(kind) changed while it was being written; the next pass reads it again")
                } else {
                    logger.warning("could not register \(kind)s: \(error)")
                }
            }
        }
        if !conversionCRDs.isEmpty {
            let patch = configurations.conversionPatch(caBundle: caBundle)
            for crd in conversionCRDs {
                do {
                    let resource = try await client.resource(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
                    let current = try await client.get(resource, namespace: nil, name: crd)
                    if current.value(atDotted: "spec.conversion") == patch.value(atDotted: "spec.conversion") { continue }
                    guard !isStopped else { return false }
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
        // Only the kinds the Katalog writes: the gateway's RBAC lists and watches no others.
        let written = Set(configurations.desired(caBundle: initial).map(\.kind))
        for kind in Self.kinds where written.contains(kind) {
            guard let resource = try? await client.resource(apiVersion: Self.apiVersion, kind: kind) else { continue }
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

    /// Deletes our webhook configurations (the last replica stopping, the uninstall hook).
    public func cleanup() async {
        await Self.removeAll(client: client, logger: logger)
    }

    /// Deletes every webhook configuration of ours; NotFound counts as done. False when one remains.
    @discardableResult
    public static func removeAll(client: KubeClient, logger: Logger) async -> Bool {
        var ok = true
        for kind in kinds {
            guard let resource = try? await client.resource(apiVersion: apiVersion, kind: kind) else {
                ok = false
                continue
            }
            for name in GatewayNames.configurations(of: kind) {
                do {
                    try await client.delete(resource, namespace: nil, name: name)
                    logger.info("removed \(kind) \(name)")
                } catch {
                    if error.kind != .notFound {
                        ok = false
                        logger.warning("could not remove \(kind) \(name): \(error)")
                    }
                }
            }
        }
        return ok
    }
}

/// The CA bundle the next sync uses.
final class CABundleBox: Sendable {
    private let bundle: Mutex<String>
    init(_ value: String) { bundle = Mutex(value) }
    var value: String { bundle.withLock { $0 } }
    func set(_ value: String) { bundle.withLock { $0 = value } }
}
