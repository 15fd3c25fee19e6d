import Foundation
import Logging
import OrkKatalog
import OrkValue
import OrkKube
import OrkTestSupport
import Synchronization
import Testing
@testable import OrkGateway

/// A stopping replica writes no webhook configuration: a peer stopping at the same moment may be
/// removing them as the last replica, and a straggling repair would leave them behind.
@Suite struct RegistrarStopTests {
    @Test func aStoppedRegistrarWritesNothing() async throws {
        try await TestCluster.run(.sandbox) { cluster, _ in
            let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
            var logger = Logger(label: "orkestra.test")
            logger.logLevel = .critical
            let registrar = WebhookRegistrar(
                client: cluster.client,
                configurations: WebhookConfigurations(katalog: katalog, endpoint: .url("https://127.0.0.1:8443")),
                logger: logger)
            let validating = try await cluster.client.resource(apiVersion: "admissionregistration.k8s.io/v1",
                                                               kind: "ValidatingWebhookConfiguration")
            func ours() async throws -> [String] {
                try await cluster.client.list(validating, options: ListOptions(labelSelector: WebhookConfigurations.selector))
                    .items.compactMap { $0.value(atDotted: "metadata.name")?.stringValue }.sorted()
            }
            // Running, a pass writes (repairs) the configurations.
            _ = await registrar.sync(caBundle: "ca")  // (the example's CRDs are not installed: their conversion patch fails)
            let written = try await ours()
            #expect(!written.isEmpty)
            // The last replica removes them; this one, stopped, must not write them again.
            #expect(await WebhookRegistrar.removeAll(client: cluster.client, logger: logger))
            registrar.stop()
            #expect(await registrar.sync(caBundle: "ca") == false)
            #expect(try await ours().isEmpty)
        }
    }

    /// A replica removed from its Service's Endpoints (its pod is terminating; SIGTERM may come a
    /// second later) does not repair what the last replica removed; one not yet listed (starting)
    /// does write.
    @Test func aReplicaThatLeftItsServiceWritesNothing() async throws {
        try await TestCluster.run(.sandbox) { cluster, _ in
            let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
            var logger = Logger(label: "orkestra.test")
            logger.logLevel = .critical
            let endpoints = ScriptedPeers(ips: [])
            let presence = ServicePresence(peers: endpoints, ownIP: "10.0.0.7")
            let registrar = WebhookRegistrar(
                client: cluster.client,
                configurations: WebhookConfigurations(katalog: katalog, endpoint: .url("https://127.0.0.1:8443")),
                presence: presence, logger: logger)
            let validating = try await cluster.client.resource(apiVersion: "admissionregistration.k8s.io/v1",
                                                               kind: "ValidatingWebhookConfiguration")
            func ours() async throws -> [String] {
                try await cluster.client.list(validating, options: ListOptions(labelSelector: WebhookConfigurations.selector))
                    .items.compactMap { $0.value(atDotted: "metadata.name")?.stringValue }.sorted()
            }
            // Starting (not listed yet): it registers.
            _ = await registrar.sync(caBundle: "ca")
            #expect(try await !ours().isEmpty)
            // Listed, then taken out of the Endpoints; the last replica removes the configurations.
            endpoints.set(["10.0.0.9", "10.0.0.7"])
            #expect(await presence.observe() == .member)
            endpoints.set(["10.0.0.9"])
            #expect(await WebhookRegistrar.removeAll(client: cluster.client, logger: logger))
            #expect(await registrar.sync(caBundle: "ca") == false)
            #expect(try await ours().isEmpty)
            // Listed again (the Endpoints were only unreadable, or the Service came back): it repairs.
            endpoints.set(["10.0.0.9", "10.0.0.7"])
            _ = await registrar.sync(caBundle: "ca")
            #expect(try await !ours().isEmpty)
        }
    }

    @Test func presenceFollowsTheEndpoints() async {
        let endpoints = ScriptedPeers(ips: ["10.0.0.2"])
        let presence = ServicePresence(peers: endpoints, ownIP: "10.0.0.7")
        #expect(await presence.observe() == .starting)
        endpoints.failing(true)
        #expect(await presence.observe() == .starting)  // an error before it was listed: still starting
        endpoints.failing(false)
        endpoints.set(["10.0.0.2", "10.0.0.7"])
        await presence.watchUntilListed(every: .milliseconds(1), attempts: 3)
        #expect(await presence.observe() == .member)
        endpoints.failing(true)
        #expect(await presence.observe() == .leaving)  // listed before, unreadable now: do not write
        endpoints.failing(false)
        endpoints.set([])
        #expect(await presence.observe() == .leaving)
        endpoints.set(["10.0.0.7"])  // the Service lists it again (re-created): a member again
        #expect(await presence.observe() == .member)
    }
}

/// Endpoints whose addresses a test sets.
final class ScriptedPeers: PeerSource, Sendable {
    struct Unreadable: Error {}
    private let state: Mutex<(ips: [String], failing: Bool)>
    init(ips: [String]) { state = Mutex((ips, false)) }
    func set(_ ips: [String]) { state.withLock { $0.ips = ips } }
    func failing(_ on: Bool) { state.withLock { $0.failing = on } }
    func peers() async throws -> [Peer] {
        let (ips, failing) = state.withLock { ($0.ips, $0.failing) }
        if failing { throw Unreadable() }
        return ips.map { Peer(url: "http://\($0):8080", ip: $0) }
    }
}
