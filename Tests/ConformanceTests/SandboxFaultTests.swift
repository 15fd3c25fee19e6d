import OrkTestSupport
import Foundation
import OrkValue
import Testing
@testable import OrkKube
@testable import OrkSandbox

/// The sandbox's fault injection, driven the way tests and scripts use it: through the client
/// (and over HTTP at /_sandbox/faults).
@Suite(.serialized)
struct SandboxFaultTests {
    static let configMaps = TestCluster.configMaps

    func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"]]
    }

    @Test func errorRulesByVerbAndResourceAreRetriedOrSurfaced() async throws {
        let cluster = try await TestCluster.start(.sandbox, retry: .none)
        let faults = try #require(cluster.sandbox?.faults)
        await faults.add(.init(verb: "create", resource: "configmaps", code: 500, count: 1))
        do {
            _ = try await cluster.client.create(Self.configMaps, namespace: "default", configMap("a"))
            Issue.record("the injected 500 should have failed the create")
        } catch let error as KubeError {
            #expect(error.kind == .serverError)
        }
        // Count exhausted: the next create goes through; other verbs and resources were never affected.
        _ = try await cluster.client.create(Self.configMaps, namespace: "default", configMap("a"))
        // A retrying client rides over injected 429s.
        await faults.add(.init(verb: "get", resource: "configmaps", code: 429, count: 2))
        let retrying = try KubeClient(config: cluster.config, retry: .init(baseDelay: .milliseconds(1)))
        let object = try await retrying.get(Self.configMaps, namespace: "default", name: "a")
        #expect(object.value(atDotted: "metadata.name") == "a")
        await retrying.shutdown()
        await cluster.stop()
    }

    @Test func latencyAndTheHTTPControlEndpoint() async throws {
        let cluster = try await TestCluster.start(.sandbox)
        let control = KubeRequest(method: "POST", path: "/_sandbox/faults", headers: [("Content-Type", "application/json")],
                                  body: Array(#"{"latencyMs": 150}"#.utf8))
        let answer = try await cluster.client.perform(control)
        #expect(try JSONValue.parse(bytes: answer.body)["latencyMs"]?.doubleValue == 150)
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await cluster.client.list(Self.configMaps, namespace: "default")
        #expect(clock.now - start >= .milliseconds(140))
        _ = try await cluster.client.perform(KubeRequest(method: "DELETE", path: "/_sandbox/faults"))
        #expect(await cluster.sandbox?.faults.latency == .zero)
        await cluster.stop()
    }

    @Test func nextWatchGoneAndDroppedWatches() async throws {
        let cluster = try await TestCluster.start(.sandbox)
        let faults = try #require(cluster.sandbox?.faults)
        await faults.failNextWatchWithGone()
        do {
            for try await _ in try await cluster.client.watch(Self.configMaps, namespace: "default") {}
            Issue.record("the watch should have failed with 410")
        } catch let error as KubeError {
            #expect(error.kind == .gone)
        }
        // Dropping watches ends an open watch stream (the client then resumes or relists).
        let stream = try await cluster.client.watch(Self.configMaps, namespace: "default", options: .init(timeoutSeconds: 60))
        let ended = Task {
            var count = 0
            for try await _ in stream { count += 1 }
            return count
        }
        // The drop ends only watches the sandbox has registered: wait for this one first.
        #expect(try await eventually { await cluster.sandbox?.store.watchCount == 1 })
        _ = try await cluster.client.perform(KubeRequest(method: "POST", path: "/_sandbox/faults",
                                                         headers: [("Content-Type", "application/json")],
                                                         body: Array(#"{"dropWatches": true}"#.utf8)))
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await ended.value
        #expect(clock.now - start < .seconds(120))  // bounds a hang, not the speed of a loaded machine
        await cluster.stop()
    }

    @Test func refusedConnectionsComeBackOnTheSamePort() async throws {
        let cluster = try await TestCluster.start(.sandbox, retry: .none)
        let faults = try #require(cluster.sandbox?.faults)
        let port = cluster.sandbox?.port
        // Refusing for 5 s: the window stays open however late a loaded machine runs the probes.
        let refusing = Task { await faults.refuseConnections(for: .seconds(5)) }
        // Once the listener is closed, a new connection is refused. AsyncHTTPClient keeps retrying a
        // refused connection until the request's deadline, so each probe (a fresh client: a new
        // connection) uses a deadline shorter than the refusal.
        var probeConfig = cluster.config
        probeConfig.requestTimeout = .milliseconds(500)
        let refused = try await eventually {
            let probe = try KubeClient(config: probeConfig, retry: .none)
            let kind: KubeError.Kind?
            do {
                _ = try await probe.list(Self.configMaps, namespace: "default")
                kind = nil
            } catch let error as KubeError {
                kind = error.kind
            }
            await probe.shutdown()
            return kind == .transport || kind == .timeout
        }
        #expect(refused, "the sandbox should refuse connections")
        await refusing.value
        #expect(cluster.sandbox?.port == port)
        let back = try await eventually {
            (try? await cluster.client.list(Self.configMaps, namespace: "default")) != nil
        }
        #expect(back)
        await cluster.stop()
    }
}
