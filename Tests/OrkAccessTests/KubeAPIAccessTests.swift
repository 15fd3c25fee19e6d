import OrkHTTPServer
import OrkTemplate
import Synchronization
import Testing
@testable import OrkAccess

/// The API check: 401 without a token or with one the API server refuses, 403 for a user RBAC does
/// not allow the path, allowed otherwise; answers cached for the TTL by token (and path), an
/// unreachable API server answered 503 and never cached, reviews in flight bounded.
struct KubeAPIAccessTests {
    final class HandClock: MonotonicClock {
        private let current = Mutex(Duration.zero)
        func now() -> Duration { current.withLock { $0 } }
        func advance(by duration: Duration) { current.withLock { $0 += duration } }
    }

    /// Tokens from a table; counts reviews; can be made unreachable.
    final class Tokens: TokenReviewer {
        let reviews = Mutex(0)
        let unreachable = Mutex(false)
        func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
            reviews.withLock { $0 += 1 }
            if unreachable.withLock({ $0 }) { throw ReviewUnavailable("connection refused (test)") }
            switch token {
            case "viewer": return .authenticated(username: "system:serviceaccount:ops:control", groups: ["system:serviceaccounts"])
            case "other": return .authenticated(username: "jane", groups: ["dev"])
            default: return .unauthenticated(reason: "invalid bearer token")
            }
        }
    }

    /// Allows `system:serviceaccount:ops:control` (and the group `admins`) to get paths under /katalog.
    final class Rules: AccessReviewer {
        let reviews = Mutex<[String]>([])
        func review(username: String, groups: [String], verb: String, path: String) async throws(ReviewUnavailable) -> AccessReviewResult {
            reviews.withLock { $0.append("\(username) \(verb) \(path)") }
            let allowed = (username == "system:serviceaccount:ops:control" || groups.contains("admins")) && verb == "get"
                && (path == "/katalog" || path.hasPrefix("/katalog/"))
            return allowed ? .allowed : .denied(reason: "")
        }
    }

    @Test func tokensAndRightsDecide() async {
        let tokens = Tokens(), rules = Rules()
        let access = KubeAPIAccess(tokens: tokens, access: rules)
        let anonymous = await access.authorize(method: "GET", path: "/katalog", authorization: nil)
        guard case .refused(401, let message) = anonymous else { Issue.record("\(anonymous)"); return }
        #expect(message.contains("Authorization: Bearer"))
        #expect(await access.authorize(method: "GET", path: "/katalog", authorization: "Basic dXNlcjpwYXNz") == anonymous)
        #expect(await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer forged")
                == .refused(status: 401, message: "the bearer token was not accepted: invalid bearer token"))
        let forbidden = await access.authorize(method: "GET", path: "/katalog/website", authorization: "Bearer other")
        guard case .refused(403, let reason) = forbidden else { Issue.record("\(forbidden)"); return }
        #expect(reason.hasPrefix("jane may not get /katalog/website"), "\(reason)")
        #expect(await access.authorize(method: "GET", path: "/katalog/website/cr/default/blog", authorization: "Bearer viewer") == .allowed)
        // A right to read is not a right to write.
        guard case .refused(403, _) = await access.authorize(method: "POST", path: "/katalog", authorization: "Bearer viewer") else {
            Issue.record("POST allowed"); return
        }
        #expect(rules.reviews.withLock { $0 }.contains("system:serviceaccount:ops:control create /katalog"))
    }

    @Test func answersAreCachedForTheTTLAndOutagesNever() async {
        let tokens = Tokens(), rules = Rules(), clock = HandClock()
        let access = KubeAPIAccess(tokens: tokens, access: rules, clock: clock, ttl: .seconds(10))
        for _ in 0..<5 { #expect(await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer viewer") == .allowed) }
        #expect(tokens.reviews.withLock { $0 } == 1 && rules.reviews.withLock { $0.count } == 1)
        // Another path of the same token: its identity is cached, the path is reviewed.
        #expect(await access.authorize(method: "GET", path: "/katalog/website", authorization: "Bearer viewer") == .allowed)
        #expect(tokens.reviews.withLock { $0 } == 1 && rules.reviews.withLock { $0.count } == 2)
        #expect(access.cached.identities == 1 && access.cached.decisions == 2)
        // After the TTL, both are asked again; an unreachable API server is 503, and not remembered.
        clock.advance(by: .seconds(10))
        tokens.unreachable.withLock { $0 = true }
        let outage = await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer viewer")
        #expect(outage == .refused(status: 503, message: "cannot check the caller now: connection refused (test)"))
        tokens.unreachable.withLock { $0 = false }
        #expect(await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer viewer") == .allowed)
        #expect(tokens.reviews.withLock { $0 } == 3)
    }

    @Test func theCachesAreCapped() async {
        let access = KubeAPIAccess(tokens: Tokens(), access: Rules(), capacity: 4)
        for index in 0..<50 {
            _ = await access.authorize(method: "GET", path: "/katalog/crd\(index)", authorization: "Bearer token\(index)")
            _ = await access.authorize(method: "GET", path: "/katalog/crd\(index)", authorization: "Bearer viewer")
        }
        #expect(access.cached.identities <= 4 && access.cached.decisions <= 4)
    }

    @Test func aSlowReviewIsUnavailableAndReviewsInFlightAreBounded() async throws {
        final class Slow: TokenReviewer {
            let started = Mutex(0)
            func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
                started.withLock { $0 += 1 }
                try? await Task.sleep(for: .seconds(60))
                return .authenticated(username: "late")
            }
        }
        let slow = Slow()
        let access = KubeAPIAccess(tokens: slow, access: Rules(), maxInFlight: 1, reviewTimeout: .seconds(10))
        let first = Task { await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer a") }
        // Once the first review is in flight, a second caller is refused at once.
        let deadline = ContinuousClock.now + .seconds(60)
        while slow.started.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        let second = await access.authorize(method: "GET", path: "/katalog", authorization: "Bearer b")
        guard case .refused(429, _) = second else { Issue.record("\(second)"); return }
        #expect(await first.value == .refused(status: 503, message: "cannot check the caller now: no answer from the API server within 10.0 seconds"))
        #expect(slow.started.withLock { $0 } == 1)
    }

    @Test func settingsFromTheEnvironment() throws {
        #expect(try APIAccessSettings.fromEnvironment([:]) == APIAccessSettings(mode: .none, openMetrics: true))
        let on = try APIAccessSettings.fromEnvironment(["ORK_API_AUTH": "Kubernetes", "ORK_API_AUTH_OPEN_METRICS": "false"])
        #expect(on == APIAccessSettings(mode: .kubernetes, openMetrics: false))
        #expect(on.openPaths == ["healthz", "livez", "health", "readyz", "ready", "startup"])
        #expect(APIAccessSettings().openPaths.contains("metrics"))
        #expect(throws: APIAccessSettingsError.self) { try APIAccessSettings.fromEnvironment(["ORK_API_AUTH": "basic"]) }
        #expect(throws: APIAccessSettingsError.self) { try APIAccessSettings.fromEnvironment(["ORK_API_AUTH_OPEN_METRICS": "yes"]) }
    }

    @Test func reviewsAreReadAsTheAPIServerWritesThem() {
        #expect(KubeAccessReviewer.result(["status": ["allowed": true]]) == .allowed)
        #expect(KubeAccessReviewer.result(["status": ["allowed": false, "reason": "no RBAC policy matched"]])
                == .denied(reason: "no RBAC policy matched"))
        #expect(KubeAccessReviewer.result([:]) == .denied(reason: ""))
        #expect(KubeTokenReviewer.result(["status": ["authenticated": true, "user": ["username": "u", "groups": ["g1", "g2"]]]])
                == .authenticated(username: "u", groups: ["g1", "g2"]))
    }
}
