import OrkAccess
import Foundation
import Logging
import OrkKatalog
import OrkStats
import OrkKube
import OrkTestSupport
import OrkValue
import Synchronization
import Testing
@testable import OrkGateway

/// Only the allowed ServiceAccount may `POST /notify`: 401 without a valid token, 403 for another
/// user, 503 when tokens cannot be reviewed, 202 for the allowed one; decisions cached with a TTL
/// and a size cap.
struct NotifyAuthTests {
    static let runtime = "system:serviceaccount:orkestra-system:orkestra-runtime"

    /// Answers from a table; counts reviews; can be made unreachable or held until released.
    final class FakeReviewer: TokenReviewer {
        let users: [String: String]
        let reviews = Mutex(0)
        let unreachable = Mutex(false)
        let gate = Mutex<[CheckedContinuation<Void, Never>]?>(nil)

        init(users: [String: String]) { self.users = users }

        func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
            reviews.withLock { $0 += 1 }
            if gate.withLock({ $0 != nil }) {
                await withCheckedContinuation { continuation in
                    let held = gate.withLock { waiting -> Bool in
                        guard waiting != nil else { return false }
                        waiting?.append(continuation)
                        return true
                    }
                    if !held { continuation.resume() }
                }
            }
            if unreachable.withLock({ $0 }) { throw ReviewUnavailable("connection refused (test)") }
            guard let user = users[token] else { return .unauthenticated(reason: "invalid bearer token") }
            return .authenticated(username: user)
        }

        func hold() { gate.withLock { $0 = [] } }
        func release() { for waiting in gate.withLock({ held in defer { held = nil }; return held ?? [] }) { waiting.resume() } }
        var held: Int { gate.withLock { $0?.count ?? 0 } }
        var count: Int { reviews.withLock { $0 } }
    }

    static func api(_ authenticator: NotifyAuthenticator?) throws -> GatewayAPI {
        let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/platform/katalog.yaml").katalog)
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(), pod: PodIdentity(name: "gw", ip: "10.0.0.1"),
                              ownURL: "http://10.0.0.1:8080", peers: nil, fetcher: NoPeers())
        var logger = Logger(label: "notify-auth-test")
        logger.logLevel = .critical
        let notifier = Notifier(settings: katalog.notification, slack: CountingChannel(), email: nil, logger: logger)
        return GatewayAPI(fleet: fleet, notifier: notifier, notifyAuthenticator: authenticator)
    }

    static let body = Array(#"{"event": "e1", "teams": ["platform"], "message": "hello"}"#.utf8)

    @Test func onlyTheAllowedServiceAccountMayPost() async throws {
        let reviewer = FakeReviewer(users: ["runtime-token": Self.runtime, "other-token": "system:serviceaccount:team-a:default"])
        let clock = ManualMonotonicClock()
        let authenticator = NotifyAuthenticator(reviewer: reviewer, allowedUsers: [Self.runtime], clock: clock, ttl: .seconds(10))
        let api = try Self.api(authenticator)
        func post(_ authorization: String?) async -> GatewayAnswer {
            await api.respond(method: "POST", path: "/notify", query: "", body: Self.body, authorization: authorization)
        }
        #expect(await post(nil).status == 401)
        #expect(await post("Basic dXNlcjpwYXNz").status == 401)
        #expect(await post("Bearer ").status == 401)
        #expect(reviewer.count == 0, "no token, no review")
        let unknown = await post("Bearer forged")
        #expect(unknown.status == 401 && unknown.body.contains("not accepted"), "\(unknown.body)")
        let other = await post("Bearer other-token")
        #expect(other.status == 403 && other.body.contains("system:serviceaccount:team-a:default may not post"), "\(other.body)")
        let allowed = await post("bearer runtime-token")
        #expect(allowed.status == 202, "\(allowed.body)")
        #expect(reviewer.count == 3)

        // Cached: the same tokens are not reviewed again within the TTL…
        #expect(await post("Bearer runtime-token").status == 202)
        #expect(await post("Bearer other-token").status == 403)
        #expect(reviewer.count == 3)
        // …and are after it.
        clock.advance(by: .seconds(11))
        #expect(await post("Bearer runtime-token").status == 202)
        #expect(reviewer.count == 4)

        // The reviewer cannot be reached: 503 with Retry-After, never cached.
        reviewer.unreachable.withLock { $0 = true }
        clock.advance(by: .seconds(11))
        let down = await post("Bearer runtime-token")
        #expect(down.status == 503 && down.retryAfter != nil)
        reviewer.unreachable.withLock { $0 = false }
        #expect(await post("Bearer runtime-token").status == 202)
        #expect(reviewer.count == 6)

        // No authenticator at all (a --dev run without a cluster or token file): nobody.
        #expect(await (try Self.api(nil)).respond(method: "POST", path: "/notify", query: "", body: Self.body,
                                                  authorization: "Bearer runtime-token").status == 401)
    }

    @Test func theDecisionCacheIsCapped() async {
        let reviewer = FakeReviewer(users: [:])
        let authenticator = NotifyAuthenticator(reviewer: reviewer, allowedUsers: [Self.runtime], clock: ManualMonotonicClock(),
                                                capacity: 16)
        for index in 0..<1_000 { _ = await authenticator.decide(authorization: "Bearer token-\(index)") }
        #expect(authenticator.cachedDecisions == 16)
        #expect(await authenticator.decide(authorization: "Bearer " + String(repeating: "t", count: 20_000))
                == .unauthenticated("POST /notify needs \"Authorization: Bearer <token>\" with the runtime's ServiceAccount token"))
        #expect(reviewer.count == 1_000, "an oversized token is not sent for review")
    }

    @Test func reviewsInFlightAreBounded() async throws {
        let reviewer = FakeReviewer(users: ["runtime-token": Self.runtime])
        reviewer.hold()
        let authenticator = NotifyAuthenticator(reviewer: reviewer, allowedUsers: [Self.runtime], maxInFlight: 2)
        let first = Task { await authenticator.decide(authorization: "Bearer runtime-token") }
        let second = Task { await authenticator.decide(authorization: "Bearer a") }
        #expect(try await eventually(timeout: .seconds(60)) { reviewer.held == 2 })
        #expect(await authenticator.decide(authorization: "Bearer b") == .busy)
        reviewer.release()
        #expect(await first.value == .allowed(username: Self.runtime))
        #expect(await second.value == .unauthenticated("the bearer token was not accepted: invalid bearer token"))
        #expect(await authenticator.decide(authorization: "Bearer b") != .busy)
    }

    @Test func theDevTokenStandsForOneUser() async throws {
        let reviewer = StaticTokenReviewer(token: "dev-secret", username: Self.runtime)
        #expect(try await reviewer.review("dev-secret") == .authenticated(username: Self.runtime))
        #expect(try await reviewer.review("dev-secreT") == .unauthenticated(reason: "not the configured dev token"))
        #expect(try await reviewer.review("dev-secret2") == .unauthenticated(reason: "not the configured dev token"))
        #expect(try await reviewer.review("") == .unauthenticated(reason: "not the configured dev token"))
    }

    @Test func configurationReadsTheNotifySettings() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ork-notify-token-\(UUID().uuidString)").path
        try "  s3cret\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let settings = NotificationSettings(teams: ["t": NotificationTeam(slackWebhookURL: .env("TEAM_SLACK"))],
                                            smtp: SMTPSettings(host: "relay", password: .env("RELAY_PASS")))
        let environment = ["ORK_NOTIFY_TOKEN_FILE": file, "ORK_NOTIFY_ALLOWED_USERS": "system:serviceaccount:a:b, u2",
                           "TEAM_SLACK": "https://hooks.example/x", "RELAY_PASS": "p", "UNRELATED": "x",
                           "SMTP_HOST": "smtp.example", "SMTP_PORT": "2525", "SMTP_USER": "u", "SMTP_PASS": "pw"]
        let configuration = try GatewayConfiguration.fromEnvironment(environment, hostName: "h", podNamespace: "ns",
                                                                     notification: settings, dev: true)
        #expect(configuration.notifyDevToken == "s3cret")
        #expect(configuration.effectiveNotifyAllowedUsers == ["system:serviceaccount:a:b", "u2"])
        #expect(configuration.notificationEnvironment == ["TEAM_SLACK": "https://hooks.example/x", "RELAY_PASS": "p"])
        #expect(configuration.smtp == SMTPSettings(host: "smtp.example", port: 2525, from: "orkestra@localhost", username: "u", password: "pw"))
        #expect(throws: GatewayConfigurationError.self) {
            try GatewayConfiguration.fromEnvironment(environment, hostName: "h", podNamespace: "ns", notification: settings)
        }
        let plain = try GatewayConfiguration.fromEnvironment([:], hostName: "h", podNamespace: "ns")
        #expect(plain.effectiveNotifyAllowedUsers == ["system:serviceaccount:ns:orkestra-runtime"])
        #expect(plain.smtp == nil && plain.notifyDevToken == nil)
        #expect(plain.notifyAudiences == ["orkestra-gateway"], "a token must be bound to the gateway unless configured otherwise")
        let audiences = try GatewayConfiguration.fromEnvironment(["ORK_NOTIFY_AUDIENCES": "a, b"], hostName: "h", podNamespace: "ns")
        #expect(audiences.notifyAudiences == ["a", "b"])
        let apiServer = try GatewayConfiguration.fromEnvironment(["ORK_NOTIFY_AUDIENCES": ""], hostName: "h", podNamespace: "ns")
        #expect(apiServer.notifyAudiences == [])
    }

    @Test func aReviewWithAudiencesNeedsOneOfThemGranted() {
        func review(_ audiences: [String]?) -> JSONValue {
            var status: [String: JSONValue] = ["authenticated": true, "user": ["username": .string(Self.runtime)]]
            if let audiences { status["audiences"] = .array(audiences.map(JSONValue.string)) }
            return ["status": .object(status)]
        }
        #expect(KubeTokenReviewer.result(review(["orkestra-gateway"]), audiences: ["orkestra-gateway"]) == .authenticated(username: Self.runtime))
        #expect(KubeTokenReviewer.result(review(["https://kubernetes.default.svc"]), audiences: ["orkestra-gateway"])
                == .unauthenticated(reason: "the token is not issued for the audience orkestra-gateway"))
        #expect(KubeTokenReviewer.result(review(nil), audiences: ["orkestra-gateway"])
                == .unauthenticated(reason: "the token is not issued for the audience orkestra-gateway"),
                "an authenticator that ignores audiences does not vouch for one")
        #expect(KubeTokenReviewer.result(review(nil)) == .authenticated(username: Self.runtime))
    }
}

/// `/notify` with real ServiceAccount tokens reviewed by the real kube-apiserver
/// (scripts/kube-local, ORK_KUBE_INTEGRATION=1).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"))
struct NotifyTokenReviewClusterTests {
    static let serviceAccounts = APIResource(group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true)
    static let secrets = APIResource(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)

    /// The token of a new ServiceAccount (Kubernetes 1.20 puts it in a Secret of its own).
    static func token(_ cluster: TestCluster, namespace: String, account: String) async throws -> String {
        _ = try await cluster.client.create(Self.serviceAccounts, namespace: namespace,
                                            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(account)]])
        var token: String?
        _ = try await eventually(timeout: .seconds(60)) {
            let secrets = try await cluster.client.list(Self.secrets, namespace: namespace)
            for secret in secrets.items where secret["type"]?.stringValue == "kubernetes.io/service-account-token"
                && secret.value(atDotted: "metadata.annotations")?["kubernetes.io/service-account.name"]?.stringValue == account {
                if let encoded = secret["data"]?["token"]?.stringValue, let data = Data(base64Encoded: encoded) {
                    token = String(decoding: data, as: UTF8.self)
                }
            }
            return token != nil
        }
        return try #require(token, "no token Secret for ServiceAccount \(account)")
    }

    /// A token for `account` bound to `audience` (TokenRequest), as the kubelet projects it.
    static func boundToken(_ cluster: TestCluster, namespace: String, account: String, audience: String) async throws -> String {
        let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                                  "spec": ["audiences": [.string(audience)], "expirationSeconds": 3600]]
        let answer = try await cluster.client.create(Self.serviceAccounts, namespace: namespace, request, subresource: "token",
                                                     name: account)
        return try #require(answer.value(atDotted: "status.token")?.stringValue)
    }

    @Test func realTokensAreReviewedByTheAPIServer() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            let runtimeToken = try await Self.token(cluster, namespace: namespace, account: "notify-runtime")
            let otherToken = try await Self.token(cluster, namespace: namespace, account: "notify-other")
            // The gateway's default: only tokens bound to its audience. The runtime's projected token
            // passes; its API-server token (what a default pod mount holds) does not.
            let bound = NotifyAuthenticator(reviewer: KubeTokenReviewer(client: cluster.client, audiences: [OrkNames.notifyAudience]),
                                            allowedUsers: ["system:serviceaccount:\(namespace):notify-runtime"])
            let boundAPI = try NotifyAuthTests.api(bound)
            let projected = try await Self.boundToken(cluster, namespace: namespace, account: "notify-runtime", audience: OrkNames.notifyAudience)
            let withProjected = await boundAPI.respond(method: "POST", path: "/notify", query: "", body: NotifyAuthTests.body,
                                                       authorization: "Bearer \(projected)")
            #expect(withProjected.status == 202, "\(withProjected.body)")
            let withAPIServerToken = await boundAPI.respond(method: "POST", path: "/notify", query: "", body: NotifyAuthTests.body,
                                                            authorization: "Bearer \(runtimeToken)")
            #expect(withAPIServerToken.status == 401, "\(withAPIServerToken.body)")
            // The projected token is good for nothing at the API server itself.
            var projectedConfig = cluster.config
            projectedConfig.credentials = .token(projected)
            let projectedClient = try KubeClient(config: projectedConfig)
            await #expect(throws: KubeError.self) { _ = try await projectedClient.list(Self.secrets, namespace: namespace) }
            await projectedClient.shutdown()

            let authenticator = NotifyAuthenticator(reviewer: KubeTokenReviewer(client: cluster.client),
                                                    allowedUsers: ["system:serviceaccount:\(namespace):notify-runtime"])
            let api = try NotifyAuthTests.api(authenticator)
            func post(_ authorization: String?) async -> GatewayAnswer {
                await api.respond(method: "POST", path: "/notify", query: "", body: NotifyAuthTests.body, authorization: authorization)
            }
            #expect(await post(nil).status == 401)
            let forged = await post("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
            #expect(forged.status == 401, "\(forged.body)")
            let other = await post("Bearer \(otherToken)")
            #expect(other.status == 403 && other.body.contains("system:serviceaccount:\(namespace):notify-other"), "\(other.body)")
            let allowed = await post("Bearer \(runtimeToken)")
            #expect(allowed.status == 202, "\(allowed.body)")
        }
    }
}

/// A TokenReview that does not come back in time is a 503, not a caller held for the client's retries.
struct NotifyReviewTimeoutTests {
    struct SlowReviewer: TokenReviewer {
        func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
            try? await Task.sleep(for: .seconds(60))
            return .authenticated(username: NotifyAuthTests.runtime)
        }
    }

    @Test func aSlowReviewIsUnavailable() async {
        let authenticator = NotifyAuthenticator(reviewer: SlowReviewer(), allowedUsers: [NotifyAuthTests.runtime],
                                                reviewTimeout: .milliseconds(100))
        let decision = await authenticator.decide(authorization: "Bearer t")
        #expect(decision == .unavailable("cannot authenticate the caller now: no TokenReview answer within 0.1 seconds"))
        #expect(authenticator.cachedDecisions == 0)
    }
}
