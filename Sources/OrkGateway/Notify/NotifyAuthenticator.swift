import FoundationEssentials
import OrkAccess
import OrkKube
import OrkTemplate
import OrkValue
import Synchronization

/// Who may `POST /notify`: the caller's bearer token is authenticated by a `TokenReviewer` (a
/// Kubernetes TokenReview in a cluster) and the username it belongs to must be on an allow-list
/// (by default the runtime's ServiceAccount, `system:serviceaccount:<namespace>:orkestra-runtime`).
///
/// Decisions are cached by the token's SHA-256 (never the token itself) for `ttl`, in an LRU of
/// `capacity` entries; failures to reach the reviewer are never cached. At most `maxInFlight`
/// reviews run at once: a flood of unknown tokens cannot turn into a flood of TokenReviews; a review
/// not answered within `reviewTimeout` (5 s) is a 503.
public final class NotifyAuthenticator: Sendable {
    public enum Decision: Sendable, Hashable {
        case allowed(username: String)
        /// 403: authenticated, but not on the allow-list.
        case forbidden(username: String)
        /// 401: no bearer token, or one the reviewer does not accept.
        case unauthenticated(String)
        /// 503: the reviewer could not be reached.
        case unavailable(String)
        /// 429: too many reviews in flight.
        case busy
    }

    let reviewer: any TokenReviewer
    public let allowedUsers: Set<String>
    let clock: any MonotonicClock
    let ttl: Duration
    let maxInFlight: Int
    let reviewTimeout: Duration
    private let cache: Mutex<LRUCache<String, (decision: Decision, expires: Duration)>>
    private let inFlight = Mutex(0)

    public init(reviewer: any TokenReviewer, allowedUsers: Set<String>, clock: any MonotonicClock = ContinuousMonotonicClock(),
                ttl: Duration = .seconds(10), capacity: Int = 1_024, maxInFlight: Int = 8, reviewTimeout: Duration = .seconds(5)) {
        self.reviewer = reviewer
        self.allowedUsers = allowedUsers
        self.clock = clock
        self.ttl = ttl
        self.maxInFlight = max(1, maxInFlight)
        self.reviewTimeout = reviewTimeout
        self.cache = Mutex(LRUCache(capacity: capacity))
    }

    /// Cached decisions (at most `capacity`).
    public var cachedDecisions: Int { cache.withLock { $0.count } }

    /// The decision for an `Authorization` header value.
    public func decide(authorization header: String?) async -> Decision {
        guard let token = BearerToken.parse(header) else {
            return .unauthenticated("POST /notify needs \"Authorization: Bearer <token>\" with the runtime's ServiceAccount token")
        }
        let key = ContentHash.sha256(token)
        let now = clock.now()
        if let hit = cache.withLock({ $0.value(for: key) }), hit.expires > now { return hit.decision }
        let admitted = inFlight.withLock { count -> Bool in
            guard count < maxInFlight else { return false }
            count += 1
            return true
        }
        guard admitted else { return .busy }
        defer { inFlight.withLock { $0 -= 1 } }
        let decision: Decision
        switch await review(token) {
        case .success(.authenticated(let username, _)):
            decision = allowedUsers.contains(username) ? .allowed(username: username) : .forbidden(username: username)
        case .success(.unauthenticated(let reason)):
            decision = .unauthenticated("the bearer token was not accepted" + (reason.isEmpty ? "" : ": \(reason)"))
        case .failure(let error):
            return .unavailable("cannot authenticate the caller now: \(error.description)")
        }
        cache.withLock { _ = $0.set((decision, now + ttl), for: key) }
        return decision
    }

    /// The reviewer's answer within `reviewTimeout` (the client's own retries must not hold a caller).
    func review(_ token: String) async -> Result<TokenReviewResult, ReviewUnavailable> {
        let reviewer = self.reviewer
        let answer = await withDeadline(reviewTimeout) { () async -> Result<TokenReviewResult, ReviewUnavailable> in
            do throws(ReviewUnavailable) { return .success(try await reviewer.review(token)) } catch { return .failure(error) }
        }
        return answer ?? .failure(ReviewUnavailable("no TokenReview answer within \(reviewTimeout)"))
    }
}
