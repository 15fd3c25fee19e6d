import Foundation
import OrkGateway
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTestSupport
import OrkValue
import Testing

/// A status field with `notify:` reaches the gateway's `/notify` from the runtime, authenticated,
/// once per interval however often the CR is reconciled; with the gateway gone, CRs still reconcile
/// at once and the failed posts are counted. Runtime and gateway in this process, on the sandbox
/// (the gateway's webhook registration is off: nothing here is about webhooks).
@Suite(.serialized)
struct NotificationScenarioTests {
    @Test func statusNotificationsReachTheGatewayAndNeverHoldAReconcile() async throws {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].namespace = nil
        katalog.notification.teams = ["platform": NotificationTeam()]
        katalog.crds[0].operatorBox.status.fields.append(StatusField(
            path: "notice", value: "serving", notify: NotifySpec(teams: ["platform"], message: "{{ .metadata.name }} is serving")))
        let token = "notify-\(UInt64.random(in: 1...UInt64.max))"
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("ork-notify-\(token)").path
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }

        try await TestCluster.run(.sandbox) { cluster, namespace in
            let gateway = try await GatewayHarness.start(katalog, cluster: cluster, namespace: namespace) {
                $0.register = false
                $0.notifyDevToken = token
            }
            defer { gateway.task.cancel() }
            let endpoint = "http://127.0.0.1:\(gateway.httpPort)"

            let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true) {
                $0.gatewayEndpoint = endpoint
                $0.notifyTokenFile = tokenFile
            }
            defer { Task { await harness.stop() } }
            func notifications() async throws -> JSONValue {
                try await harness.http("/katalog/website").1["notifications"] ?? .null
            }
            _ = try await harness.apply(WebsiteScenarioTests.website("told"))
            #expect(try await eventually { try await notifications()["sent"] == 1 })
            // More reconciles of the same CR within the team's 15 min: nothing more is posted.
            _ = try await harness.apply(WebsiteScenarioTests.website("told", replicas: 3))
            #expect(try await eventually { try await harness.get("apps/v1", "Deployment", "told")?.value(atDotted: "spec.replicas") == 3 })
            #expect(try await notifications() == ["sent": 1, "throttled": 0, "failed": 0, "dropped": 0])

            // The gateway goes away: a new CR is reconciled as before, its post fails in the background.
            await gateway.stop()
            _ = try await harness.apply(WebsiteScenarioTests.website("unheard"))
            #expect(try await eventually {
                RuntimeHarness.condition(try await harness.get(WebsiteScenarioTests.apiVersion, "Website", "unheard"), "Ready") == "True"
            })
            var last: JSONValue = .null
            #expect(try await eventually {
                last = try await notifications()
                return last["failed"] == 1
            }, "\(last)")
        }
    }
}
