import Foundation
import Logging
import OrkCore
import OrkKube
import OrkTestSupport
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
}
