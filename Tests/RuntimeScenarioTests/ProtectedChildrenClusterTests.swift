import Foundation
import OrkGateway
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// The runtime and the gateway together on the real API server, deletion protection on: a user's
/// `kubectl delete` of a labelled child is refused, the label a user removes comes back, and
/// deleting the CR still deletes every child (the runtime takes its own label off first, which
/// the refusing webhook would otherwise block forever).
///
/// The deletion-protection webhook is cluster-wide with failurePolicy Fail: like
/// GatewayClusterTests this runs only with `ORK_GATEWAY_WEBHOOK_TEST=1`, in a `swift test` of its own.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"
                              && ProcessInfo.processInfo.environment["ORK_GATEWAY_WEBHOOK_TEST"] == "1"))
struct ProtectedChildrenClusterTests {
    @Test func theGatewayRefusesUsersAndTheRuntimeStillCleansUp() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            var katalog = try ProtectionScenarioTests.protectedKatalog()
            // Deletion protection alone: a conversion webhook would leave the shared websites CRD
            // pointing at this test's gateway after it stopped, and its CRs unreadable.
            katalog.security.conversionEnabled = false
            katalog.security.admissionEnabled = false
            let gateway = try await GatewayHarness.start(katalog, cluster: cluster, namespace: namespace)
            // Stopped (its webhook configurations removed) before the test ends, however it ends: a
            // cluster-wide failurePolicy Fail webhook left pointing at no one would refuse other tests' deletions.
            var started: RuntimeHarness?
            do {
                let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace)
                started = harness
                _ = try await harness.apply(WebsiteScenarioTests.website("guarded"))
                #expect(try await eventually { ProtectionScenarioTests.isLabelled(try await harness.get("apps/v1", "Deployment", "guarded")) })

                // A user's delete is refused (once the API server has picked up the configuration).
                var refusal = ""
                #expect(try await eventually {
                    do {
                        _ = try cluster.kubectl(["-n", namespace, "delete", "deployment", "guarded", "--wait=false"])
                        return false
                    } catch {
                        refusal = "\(error)"
                        return refusal.contains("[Orkestra Security]")
                    }
                }, "\(refusal)")
                #expect(try await harness.get("apps/v1", "Deployment", "guarded") != nil)

                // Deleting the CR deletes the children through the refusing webhook.
                try await harness.delete(WebsiteScenarioTests.apiVersion, "Website", "guarded")
                #expect(try await eventually { try await harness.get(WebsiteScenarioTests.apiVersion, "Website", "guarded") == nil })
                #expect(try await eventually {
                    for (apiVersion, kind, name) in [("apps/v1", "Deployment", "guarded"), ("v1", "Service", "guarded"),
                                                     ("v1", "ConfigMap", "guarded-content")]
                        where try await harness.get(apiVersion, kind, name) != nil { return false }
                    return true
                })
            } catch {
                await started?.stop()
                await gateway.stop()
                throw error
            }
            await started?.stop()
            await gateway.stop()
        }
    }
}
