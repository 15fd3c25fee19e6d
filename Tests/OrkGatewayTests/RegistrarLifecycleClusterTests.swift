import Foundation
import Logging
import OrkKatalog
import OrkStats
import OrkValue
import OrkKube
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

/// The webhook configurations' lifecycle against the real kube-apiserver (scripts/kube-local):
/// two replicas running different Katalogs (a rollout: the Katalog ConfigMap changed between
/// their starts) converge on the newest instead of overwriting each other — every write to the
/// configurations is counted from a watch — and a clean stop removes the configurations only
/// when it is the last replica's. The uninstall hook waits for the gateway pods to go.
///
/// The configurations have cluster-wide names (shared with GatewayClusterTests), so this suite runs
/// only with `ORK_GATEWAY_WEBHOOK_TEST=1`, in a `swift test` of its own (scripts/test).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"
                              && ProcessInfo.processInfo.environment["ORK_GATEWAY_WEBHOOK_TEST"] == "1"))
struct RegistrarLifecycleClusterTests {
    static func katalog(mutation: Bool) -> String {
        var text = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: lifecycle-check}
            spec:
              security:
                webhooks:
                  admission: {enabled: true}
                  failurePolicy: Ignore
              crds:
                widget:
                  apiTypes: {group: lifecycle.orkestra.io, version: v1, kind: Widget, plural: widgets}
                  validation:
                    rules:
                      - field: spec.image
                        prefix: "registry.internal/"
                        message: "internal images only"
                        action: deny

            """
        if mutation {
            text += """
                      mutation:
                        rules:
                          - field: spec.replicas
                            default: 2
                            valueType: int

                """
        }
        return text
    }

    static let configMap = "lifecycle-katalog"
    static let interval: Duration = .seconds(2)

    /// Counts the writes (ADDED, MODIFIED, DELETED) to our configurations of one kind from a watch.
    final class WriteCounter: Sendable {
        final class State: Sendable {
            let counts = Mutex<[String: Int]>([:])
            let ended = Mutex<String?>(nil)
        }
        private let state = State()
        let task: Task<Void, Never>

        init(client: KubeClient, kind: String) async throws {
            let resource = try await client.resource(apiVersion: "admissionregistration.k8s.io/v1", kind: kind)
            let list = try await client.list(resource, options: ListOptions(labelSelector: WebhookConfigurations.selector))
            let stream = try await client.watch(resource, options: WatchOptions(labelSelector: WebhookConfigurations.selector,
                                                                                 resourceVersion: list.resourceVersion,
                                                                                 allowBookmarks: false, timeoutSeconds: 600))
            let state = self.state
            task = Task {
                do {
                    for try await event in stream {
                        guard event.type != .bookmark, let name = event.object.value(atDotted: "metadata.name")?.stringValue else { continue }
                        state.counts.withLock { $0[name, default: 0] += 1 }
                    }
                    state.ended.withLock { $0 = "the watch ended" }
                } catch {
                    state.ended.withLock { $0 = "the watch failed: \(error)" }
                }
            }
        }

        var value: [String: Int] { state.counts.withLock { $0 } }
        var failure: String? { state.ended.withLock { $0 } }
        func stop() { task.cancel() }
    }

    /// Peers whose URLs are known only once each replica has bound its port.
    final class LatePeers: PeerSource {
        private let urls = Mutex<[String]>([])
        func add(_ url: String) { urls.withLock { $0.append(url) } }
        func peers() async throws -> [Peer] { urls.withLock { $0 }.map { Peer(url: $0, ip: "127.0.0.1") } }
    }

    /// One in-process replica.
    struct Replica {
        let gateway: Gateway
        let task: Task<Void, any Error>
        let ports: PortPair

        func stop() async {
            task.cancel()
            _ = try? await task.value
        }
    }

    static func start(_ text: String, cluster: TestCluster, namespace: String, peers: LatePeers, name: String) async throws -> Replica {
        let katalog = try #require(KatalogLoader.load(text: text, file: "katalog.yaml").katalog)
        var configuration = GatewayConfiguration()
        configuration.dev = true
        configuration.host = "127.0.0.1"
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.namespace = namespace
        configuration.katalogConfigMap = configMap
        configuration.syncInterval = interval
        configuration.pod = PodIdentity(name: name, ip: "127.0.0.1")
        var logger = Logger(label: "orkestra.gateway.\(name)")
        logger.logLevel = .warning
        let gateway = Gateway(katalog: katalog, configuration: configuration, client: cluster.client, logger: logger, peerSource: peers)
        let ports = PortPair()
        let task = Task { try await gateway.run { http, https in ports.set(http, https) } }
        guard try await eventually(timeout: .seconds(30), { ports.value != nil }), let (http, _) = ports.value else {
            task.cancel()
            throw GatewayConfigurationError("replica \(name) did not start listening")
        }
        peers.add("http://127.0.0.1:\(http)")
        return Replica(gateway: gateway, task: task, ports: ports)
    }

    static func annotation(_ cluster: TestCluster, kind: String, name: String) async -> String? {
        guard let resource = try? await cluster.client.resource(apiVersion: "admissionregistration.k8s.io/v1", kind: kind),
              let object = try? await cluster.client.get(resource, namespace: nil, name: name) else { return nil }
        return object.value(atDotted: "metadata.annotations")?[KatalogRevision.hashAnnotation]?.stringValue ?? ""
    }

    static func removeLeftovers(_ cluster: TestCluster) async {
        var logger = Logger(label: "cleanup")
        logger.logLevel = .critical
        await WebhookRegistrar.removeAll(client: cluster.client, logger: logger)
    }

    @Test func twoKatalogsConvergeAndOnlyTheLastReplicaRemoves() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            await Self.removeLeftovers(cluster)
            let old = Self.katalog(mutation: false), new = Self.katalog(mutation: true)
            let oldHash = ContentHash.sha256(old), newHash = ContentHash.sha256(new)
            func configMap(_ text: String, resourceVersion: String? = nil) -> JSONValue {
                var metadata: [String: JSONValue] = ["name": .string(Self.configMap)]
                if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
                return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": ["katalog.yaml": .string(text)]]
            }
            let created = try await cluster.client.create(TestCluster.configMaps, namespace: namespace, configMap(old))
            let validating = try await WriteCounter(client: cluster.client, kind: "ValidatingWebhookConfiguration")
            let mutating = try await WriteCounter(client: cluster.client, kind: "MutatingWebhookConfiguration")
            defer { validating.stop(); mutating.stop() }
            let peers = LatePeers()

            // The old replica registers the old Katalog.
            let first = try await Self.start(old, cluster: cluster, namespace: namespace, peers: peers, name: "replica-old")
            #expect(try await eventually(timeout: .seconds(60)) {
                await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration) == oldHash
            })

            // A rollout: the ConfigMap now holds the new Katalog, and a replica running it starts.
            _ = try await cluster.client.update(TestCluster.configMaps, namespace: namespace,
                                                configMap(new, resourceVersion: created.value(atDotted: "metadata.resourceVersion")?.stringValue))
            let clock = ContinuousClock()
            let began = clock.now
            let second = try await Self.start(new, cluster: cluster, namespace: namespace, peers: peers, name: "replica-new")
            #expect(try await eventually(timeout: .seconds(60)) {
                let validated = await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration)
                let mutated = await Self.annotation(cluster, kind: "MutatingWebhookConfiguration", name: GatewayNames.mutatingConfiguration)
                return validated == newHash && mutated == newHash
            })

            // Both run side by side for six repair periods (the 30 s period shortened to 2 s: 12 s here
            // cover as many periodic and watch-triggered passes as 90 s would with the default).
            try await Task.sleep(for: Self.interval * 6)
            let writes = validating.value.merging(mutating.value) { $0 + $1 }
            print("registrar lifecycle: writes per configuration in \(clock.now - began) with two Katalogs: \(writes.sorted { $0.key < $1.key })")
            #expect(validating.failure == nil && mutating.failure == nil, "\(validating.failure ?? "") \(mutating.failure ?? "")")
            #expect((writes[GatewayNames.validatingConfiguration] ?? 0) <= 2, "\(writes)")
            #expect((writes[GatewayNames.mutatingConfiguration] ?? 0) <= 2, "\(writes)")
            #expect(await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration) == newHash)

            // The old replica stops cleanly while the new one serves: nothing is removed.
            let before = writes
            await first.stop()
            #expect(await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration) == newHash)
            #expect(await Self.annotation(cluster, kind: "MutatingWebhookConfiguration", name: GatewayNames.mutatingConfiguration) == newHash)
            #expect(validating.value.merging(mutating.value) { $0 + $1 } == before)

            // The last replica stops cleanly: no Orkestra webhook configuration remains.
            await second.stop()
            for kind in WebhookRegistrar.kinds {
                for name in GatewayNames.configurations(of: kind) {
                    #expect(await Self.annotation(cluster, kind: kind, name: name) == nil, "\(kind) \(name) remains")
                }
            }
        }
    }

    @Test func theUninstallHookWaitsForTheGatewayPodsThenRemoves() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            await Self.removeLeftovers(cluster)
            let validating = try await cluster.client.resource(apiVersion: "admissionregistration.k8s.io/v1",
                                                               kind: "ValidatingWebhookConfiguration")
            _ = try await cluster.client.create(validating, namespace: nil, [
                "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                "metadata": ["name": .string(GatewayNames.validatingConfiguration), "labels": WebhookConfigurations.labels],
                "webhooks": [],
            ])
            let pods = try await cluster.client.resource(apiVersion: "v1", kind: "Pod")
            let labels: JSONValue = ["app.kubernetes.io/instance": "hook-check", "app.kubernetes.io/component": "gateway"]
            // No ServiceAccount token: in a namespace this new the API server 1.20 refuses a pod that
            // mounts one until the controller-manager made it ("No API token found", run 40, loaded).
            _ = try await cluster.client.create(pods, namespace: namespace, [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "gateway-0", "labels": labels],
                "spec": ["automountServiceAccountToken": false,
                         "containers": [["name": "gateway", "image": "ghcr.io/orkspace/orkestra-swift-gateway:0.1.0"]]],
            ])
            var logger = Logger(label: "orkestra.gateway.uninstall")
            logger.logLevel = .warning
            let uninstall = GatewayUninstall(client: cluster.client, namespace: namespace,
                                             podSelector: "app.kubernetes.io/instance=hook-check,app.kubernetes.io/component=gateway",
                                             timeout: .seconds(60), poll: .milliseconds(200), logger: logger)
            let run = Task { await uninstall.run() }
            // While a gateway pod exists, the configurations stay (a replica could re-create them).
            try await Task.sleep(for: .seconds(1))
            #expect(await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration) != nil)
            _ = try await cluster.client.delete(pods, namespace: namespace, name: "gateway-0", options: DeleteOptions(gracePeriodSeconds: 0))
            #expect(await run.value)
            #expect(await Self.annotation(cluster, kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration) == nil)
        }
    }
}
