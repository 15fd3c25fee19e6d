import Foundation
import OrkKatalog
import OrkValue
import OrkKube
import OrkTestSupport
import Testing
@testable import OrkGateway

/// Katalog secret references resolved by the gateway: plain text, an environment variable, a key
/// of a Secret in its namespace (read through the API, cached, re-read after the TTL).
struct SecretResolverTests {
    @Test func referencesResolveAndSecretsAreReRead() async throws {
        try await TestCluster.run(.sandbox) { cluster, namespace in
            func put(_ url: String, create: Bool) async throws {
                let secret: JSONValue = ["apiVersion": "v1", "kind": "Secret",
                                         "metadata": ["name": "platform-notifications", "namespace": .string(namespace)],
                                         "data": ["slackWebhookUrl": .string(Data((url + "\n").utf8).base64EncodedString())]]
                if create {
                    _ = try await cluster.client.create(TLSSecret.resource, namespace: namespace, secret)
                } else {
                    _ = try await cluster.client.apply(TLSSecret.resource, secret, fieldManager: "test", force: true)
                }
            }
            try await put("https://hooks.example/one", create: true)
            let clock = ManualMonotonicClock()
            let resolver = SecretResolver(client: cluster.client, namespace: namespace, environment: ["TEAM_SLACK": "https://hooks.example/env"],
                                          clock: clock, ttl: .seconds(60))
            let reference = SecretValue.secretKeyRef(name: "platform-notifications", key: "slackWebhookUrl")
            #expect(try await resolver.resolve(reference) == "https://hooks.example/one")
            #expect(try await resolver.resolve(.plain("p")) == "p")
            #expect(try await resolver.resolve(.env("TEAM_SLACK")) == "https://hooks.example/env")
            await #expect(throws: DeliveryError.self) { try await resolver.resolve(.env("MISSING")) }
            await #expect(throws: DeliveryError.self) { try await resolver.resolve(.secretKeyRef(name: "platform-notifications", key: "nope")) }
            await #expect(throws: DeliveryError.self) { try await resolver.resolve(.secretKeyRef(name: "absent", key: "k")) }

            // A rotated Secret: the cached value until the TTL, then the new one.
            try await put("https://hooks.example/two", create: false)
            #expect(try await resolver.resolve(reference) == "https://hooks.example/one")
            clock.advance(by: .seconds(61))
            #expect(try await resolver.resolve(reference) == "https://hooks.example/two")

            // Without a cluster (--dev) a Secret cannot be read, and the error says what to use.
            let local = SecretResolver(client: nil, namespace: namespace, environment: [:])
            await #expect(throws: DeliveryError.self) { try await local.resolve(reference) }
        }
    }
}
