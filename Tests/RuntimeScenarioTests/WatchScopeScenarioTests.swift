import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// A CRD's `labelSelector` narrows what its operator watches and reconciles: a CR without the labels
/// is never cached and never gets children; a CR in a namespace the Katalog restricts is left alone
/// and counted in the CRD's health. Against the sandbox and (ORK_KUBE_INTEGRATION=1) the real API
/// server.
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

    @Test(arguments: ConformanceTarget.available)
    func aCRInARestrictedNamespaceIsLeftAloneAndReported(_ target: ConformanceTarget) async throws {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].namespace = nil
        try await TestCluster.run(target) { cluster, namespace in
            katalog.security.namespaceProtection = NamespaceProtection(rules: NamespaceRules(restricted: [namespace]))
            let restricted = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true)
            _ = try await restricted.apply(WebsiteScenarioTests.website("kept-out"))
            #expect(try await eventually {
                let (status, health) = try await restricted.http("/katalog/website/health")
                return status == 200 && health["refusedByNamespace"]?.intValue == 1
            })
            // Never served: no finalizer, no children (a property that holds at any moment).
            let cr = try await restricted.get("demo.orkestra.io/v1alpha1", "Website", "kept-out")
            #expect(cr?.value(atDotted: "metadata.finalizers") == nil, "\(cr ?? .null)")
            #expect(try await restricted.get("apps/v1", "Deployment", "kept-out") == nil)
            await restricted.stop()

            // Allowed once the rule says so.
            katalog.security.namespaceProtection = NamespaceProtection(rules: NamespaceRules(allowed: [namespace]))
            let allowed = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true)
            defer { Task { await allowed.stop() } }
            #expect(try await eventually { try await allowed.get("apps/v1", "Deployment", "kept-out") != nil })
            let (_, health) = try await allowed.http("/katalog/website/health")
            #expect(health["refusedByNamespace"]?.intValue == 0, "\(health)")
        }
    }
}
