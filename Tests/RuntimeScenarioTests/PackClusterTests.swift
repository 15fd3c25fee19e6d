import Foundation
import Logging
import OrkE2E
import OrkInit
import OrkKatalog
import OrkTestSupport
import Testing

/// Every `ork init` pack's own e2e file against the real API server: the pack written to a new
/// directory, its operator run in this process (as `ork e2e --kubeconfig` runs it), and, where the
/// pack needs one, a gateway registered with the API server, so `expectDenied` meets the real
/// webhooks. Conversion stays off for the website pack only: it would point the websites CRD, which
/// other tests share, at a gateway that stops. The security pack needs it: its two versions have
/// different schemas, and the namespace controller deletes through the preferred version (v1), which
/// without conversion prunes v1alpha1's fields from the stored object (the API server's behaviour).
///
/// The gateway's webhooks are cluster-wide (deletion protection with failurePolicy Fail): like
/// GatewayClusterTests this runs only with `ORK_GATEWAY_WEBHOOK_TEST=1`, in a `swift test` of its own.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"
                              && ProcessInfo.processInfo.environment["ORK_GATEWAY_WEBHOOK_TEST"] == "1"))
struct PackClusterTests {
    @Test(arguments: PackCatalog.all.map(\.name))
    func thePackPassesItsE2EFileOnTheRealAPIServer(_ name: String) async throws {
        let pack = try #require(PackCatalog.pack(named: name))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ork-pack-\(UUID().uuidString)").path
        _ = try ProjectWriter.write(pack, to: directory)
        let suite = try #require(E2ELoader.load(file: "\(directory)/e2e.yaml").suite)
        var katalog = try #require(KatalogLoader.load(file: suite.katalog).katalog)
        if katalog.crds.contains(where: { $0.api.crdName == "websites.demo.orkestra.io" }) {
            katalog.security.conversionEnabled = false
        }
        var logger = Logger(label: "orkestra.pack-cluster-test")
        logger.logLevel = .critical
        try await TestCluster.run(.cluster) { cluster, namespace in
            let gateway = katalog.security.needsGateway
                ? try await GatewayHarness.start(katalog, cluster: cluster, namespace: namespace) : nil
            var last: [E2ETestResult] = []
            // The API server takes a moment to start calling newly registered webhooks: until every
            // test passes or the deadline, a run whose refusals were not made yet is run again.
            let passed = try await eventually(timeout: .seconds(90)) {
                last = try await E2EOperator(katalog: katalog, target: .cluster(cluster.config, startOperator: true),
                                             logger: logger).run { client in
                    var runner = E2ERunner(client: client)
                    runner.pollInterval = .milliseconds(100)
                    return await runner.run(suite)
                }
                return last.allSatisfy { $0.outcome == .passed }
            }
            #expect(passed, "\(last.map { E2EReport.line($0) })")
            await gateway?.stop()
        }
    }
}
