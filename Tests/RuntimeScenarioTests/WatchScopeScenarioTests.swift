import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// A CRD's `labelSelector` narrows what its operator watches and reconciles: a CR without the labels
/// is never cached and never gets children, against the sandbox and (ORK_KUBE_INTEGRATION=1) the real
/// API server.
@Suite(.serialized)
struct WatchScopeScenarioTests {
    @Test(arguments: ConformanceTarget.available)
    func onlyCRsMatchingTheLabelSelectorAreReconciled(_ target: ConformanceTarget) async throws {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].labelSelector = ["orkestra.io/team": "shop"]
        katalog.crds[0].namespace = nil
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true)
            defer { Task { await harness.stop() } }
            func labelled(_ object: JSONValue) -> JSONValue {
                guard case .object(var fields) = object, case .object(var metadata)? = fields["metadata"] else { return object }
                metadata["labels"] = ["orkestra.io/team": "shop"]
                fields["metadata"] = .object(metadata)
                return .object(fields)
            }
            let other = WebsiteScenarioTests.website("other")
            _ = try await harness.apply(other)
            _ = try await harness.apply(labelled(WebsiteScenarioTests.website("mine")))
            #expect(try await eventually { try await harness.get("apps/v1", "Deployment", "mine") != nil })
            // The unlabelled CR was created first: had the informer seen it, it would have been reconciled by now.
            let (status, crd) = try await harness.http("/katalog/website")
            #expect(status == 200 && crd["resourceCount"]?.intValue == 1, "\(crd)")
            #expect(try await harness.get("apps/v1", "Deployment", "other") == nil)
            // Labelled later, it is picked up.
            _ = try await harness.apply(labelled(other))
            #expect(try await eventually { try await harness.get("apps/v1", "Deployment", "other") != nil })
        }
    }
}
