import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkTemplate
import OrkTestSupport
import OrkValue
import Synchronization
import Testing
@testable import OrkGateway

/// A status field with `notify:` travels the whole way: the runtime posts it, authenticated, to the
/// gateway's `/notify`; the gateway delivers it to a Slack webhook (a local endpoint) and through an
/// SMTP relay (a scripted one) — exactly one Slack post and one email per throttle interval however
/// often the CR is reconciled, and one more in the next interval. With the gateway gone, a CR is
/// still reconciled at once while its post waits in the background. Runtime and gateway run in this
/// process with one hand-moved clock; the gateway's webhook registration is off (nothing here is
/// about webhooks).
@Suite(.serialized)
struct NotificationScenarioTests {
    /// Both sides' notification clock: moves only when the test advances it (a retry's sleep waits
    /// for that too).
    final class HandClock: QueueClock, MonotonicClock {
        private let current = Mutex(Duration.zero)
        func now() -> Duration { current.withLock { $0 } }
        func advance(by duration: Duration) { current.withLock { $0 += duration } }
        func sleep(until deadline: Duration) async throws {
            while now() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    static let interval = KatalogDuration.minutes(10)

    static func katalog(slack: String, smtpPort: Int) throws -> Katalog {
        var katalog = try RuntimeHarness.load(example: "website")
        katalog.crds[0].namespace = nil
        katalog.notification.teams = ["platform": NotificationTeam(slackWebhookURL: .plain(slack), email: ["oncall@example.com"],
                                                                   interval: interval)]
        katalog.notification.smtp = SMTPSettings(host: "127.0.0.1", port: smtpPort, from: "orkestra@example.com")
        katalog.crds[0].operatorBox.status.fields.append(StatusField(
            path: "notice", value: "serving", notify: NotifySpec(teams: ["platform"], message: "{{ .metadata.name }} is serving")))
        return katalog
    }

    @Test(arguments: ConformanceTarget.available)
    func oneSlackPostAndOneEmailPerIntervalAndAGatewayDownDelaysNoReconcile(_ target: ConformanceTarget) async throws {
        let slack = try await FakeSlackWebhook.start()
        let relay = try await FakeSMTPServer.start()
        let katalog = try Self.katalog(slack: slack.url, smtpPort: relay.port)
        let token = "notify-\(UInt64.random(in: 1...UInt64.max))"
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("ork-notify-\(token)").path
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let clock = HandClock()
        do {
            try await TestCluster.run(target) { cluster, namespace in
                let gateway = try await GatewayHarness.start(katalog, cluster: cluster, namespace: namespace, notificationClock: clock) {
                    $0.register = false
                    $0.notifyDevToken = token
                }
                let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true,
                                                             notificationClock: clock) {
                    $0.gatewayEndpoint = "http://127.0.0.1:\(gateway.httpPort)"
                    $0.notifyTokenFile = tokenFile
                }
                do {
                    try await Self.exercise(harness, gateway: gateway, slack: slack, relay: relay, clock: clock)
                } catch {
                    await harness.stop()
                    await gateway.stop()
                    throw error
                }
                await harness.stop()
                await gateway.stop()
            }
        } catch {
            await Self.cleanUp(slack, relay, tokenFile)
            throw error
        }
        await Self.cleanUp(slack, relay, tokenFile)
    }

    static func cleanUp(_ slack: FakeSlackWebhook, _ relay: FakeSMTPServer, _ tokenFile: String) async {
        await slack.stop()
        await relay.stop()
        try? FileManager.default.removeItem(atPath: tokenFile)
    }

    static func exercise(_ harness: RuntimeHarness, gateway: GatewayHarness, slack: FakeSlackWebhook, relay: FakeSMTPServer,
                         clock: HandClock) async throws {
        let notifier = try #require(gateway.gateway.notifier)
        func notifications() async throws -> JSONValue {
            try await harness.http("/katalog/website").1["notifications"] ?? .null
        }
        func delivered() async -> (slack: Int, email: Int) { (slack.posts.count, await relay.messages.count) }
        /// Reconciles the CR again (a spec change), then waits until that reconcile is done and
        /// nothing is left to deliver on either side: whatever it was going to send has been sent.
        func reconcile(replicas: Int) async throws {
            _ = try await harness.apply(WebsiteScenarioTests.website("told", replicas: replicas))
            #expect(try await eventually {
                guard let cr = try await harness.get(WebsiteScenarioTests.apiVersion, "Website", "told"),
                      cr.value(atDotted: "status.observedGeneration") == cr.value(atDotted: "metadata.generation"),
                      cr.value(atDotted: "status.notice") == "serving" else { return false }
                let pending = try await notifications()["pending"]
                return pending == 0 && notifier.queued.deliveries == 0
            }, "reconcile with replicas \(replicas) settled")
        }

        // First firing: one Slack post, one email, with the message rendered from the CR.
        _ = try await harness.apply(WebsiteScenarioTests.website("told"))
        var seen = await delivered()
        #expect(try await eventually {
            seen = await delivered()
            return seen == (1, 1)
        }, "\(seen)")
        #expect(slack.posts.first?.contains("told is serving") == true, "\(slack.posts)")
        let email = await relay.messages.first ?? []
        #expect(email.contains("told is serving") && email.contains { $0.hasPrefix("Subject: [orkestra] warning: website/") }, "\(email)")
        let commands = await relay.commands
        #expect(commands.contains("RCPT TO:<oncall@example.com>"), "\(commands)")

        // The field fires at every reconcile; within the interval nothing more arrives.
        for replicas in 2...4 { try await reconcile(replicas: replicas) }
        seen = await delivered()
        #expect(seen == (1, 1), "\(seen)")
        #expect(try await notifications() == ["sent": 1, "throttled": 0, "failed": 0, "dropped": 0, "pending": 0])

        // The next interval: exactly one more of each.
        clock.advance(by: .milliseconds(interval.milliseconds) + .seconds(1))
        try await reconcile(replicas: 5)
        #expect(try await eventually {
            seen = await delivered()
            return seen == (2, 2)
        }, "\(seen)")
        for replicas in 6...7 { try await reconcile(replicas: replicas) }
        seen = await delivered()
        #expect(seen == (2, 2), "\(seen)")
        #expect(notifier.counters.sent == 4 && notifier.counters.failed == 0, "\(notifier.counters)")

        // The gateway goes away: a new CR becomes Ready while its post still waits to be retried
        // (the clock stands still, so the retry cannot have run): no reconcile waited for it.
        await gateway.stop()
        _ = try await harness.apply(WebsiteScenarioTests.website("unheard"))
        #expect(try await eventually {
            RuntimeHarness.condition(try await harness.get(WebsiteScenarioTests.apiVersion, "Website", "unheard"), "Ready") == "True"
        })
        var last: JSONValue = try await notifications()
        #expect(last["failed"] == 0 && last["pending"] == 1, "\(last)")
        // Time passes: the retries (1, 2, 4 s) fail, and the post is counted as failed.
        #expect(try await eventually {
            clock.advance(by: .seconds(1))
            last = try await notifications()
            return last["failed"] == 1 && last["pending"] == 0
        }, "\(last)")
        seen = await delivered()
        #expect(seen == (2, 2), "\(seen)")
    }
}
