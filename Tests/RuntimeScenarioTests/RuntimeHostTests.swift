import Foundation
import Logging
import OrkKube
import OrkRuntime
import OrkStats
import OrkTestSupport
import Synchronization
import Testing

/// `ork run`'s host: it applies the Katalog's files when asked, and a port it cannot bind fails it
/// as a serving error after the runtime stopped cleanly (the runtime's Lease released, no task left).
@Suite struct RuntimeHostTests {
    static func configuration(namespace: String, port: Int) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration()
        configuration.namespace = namespace
        configuration.watchNamespace = namespace
        configuration.leaseName = "orkestra-runtime-host-test"
        configuration.pod = PodIdentity(name: "test-\(namespace)", ip: "127.0.0.1")
        configuration.host = "127.0.0.1"
        configuration.port = port
        return configuration
    }

    @Test func aBusyPortIsAServingErrorAfterTheFilesWereApplied() async throws {
        try await TestCluster.run(.sandbox) { cluster, namespace in
            // The sandbox's own port is taken: the host cannot bind it.
            let busy = try #require(URL(string: cluster.config.server)?.port)
            var logger = Logger(label: "orkestra.test")
            logger.logLevel = .critical
            let host = RuntimeHost(katalog: try RuntimeHarness.load(example: "website"), client: cluster.client,
                                   configuration: Self.configuration(namespace: namespace, port: busy),
                                   cluster: "sandbox", applyFiles: true, logger: logger)
            let lines = LineBox()
            var caught: RuntimeHostError?
            do throws(RuntimeHostError) {
                try await host.run(say: { lines.append($0) })
            } catch {
                caught = error
            }
            let error = try #require(caught, "a busy port must fail the host")
            #expect(error.stage == .serving, "\(error)")
            #expect(error.description.contains("cannot listen on 127.0.0.1:\(busy)"), "\(error)")
            #expect(lines.all.contains { $0.hasPrefix("applied 1 CRDs and 1 CRs") }, "\(lines.all)")
            let crds = try await cluster.client.resource(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
            #expect(try await cluster.client.get(crds, namespace: nil, name: "websites.demo.orkestra.io")["kind"] != nil)
        }
    }
}

/// Lines said to the user, in order.
final class LineBox: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
