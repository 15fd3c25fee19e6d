import OrkHTTPServer
import OrkKube
import OrkTemplate
import OrkValue
import Synchronization

/// Who may read a runtime's or a gateway's HTTP API: a Kubernetes identity allowed the request by
/// the cluster's RBAC, checked as kube-rbac-proxy does. The bearer token is authenticated with a
/// TokenReview; the request (`get` on the non-resource URL of its path) is authorized with a
/// SubjectAccessReview for that user and its groups.
///
/// Both answers are cached by the token's SHA-256 (never the token), for `ttl`, in LRUs of
/// `capacity` entries; an unreachable API server is never cached. At most `maxInFlight` reviews run
/// at once (429 beyond): a flood of unknown tokens cannot become a flood of reviews. A review not
/// answered within `reviewTimeout` is a 503.
public final class KubeAPIAccess: Sendable, RequestAuthorizer {
    let tokens: any TokenReviewer
    let access: any AccessReviewer
    let clock: any MonotonicClock
    let ttl: Duration
    let maxInFlight: Int
    let reviewTimeout: Duration
    private let identities: ReviewCache<TokenReviewResult>
    private let decisions: ReviewCache<AccessReviewResult>
    private let inFlight = Mutex(0)

    public init(tokens: any TokenReviewer, access: any AccessReviewer, clock: any MonotonicClock = ContinuousMonotonicClock(),
                ttl: Duration = .seconds(10), capacity: Int = 1_024, maxInFlight: Int = 8, reviewTimeout: Duration = .seconds(5)) {
        self.tokens = tokens
        self.access = access
        self.clock = clock
        self.ttl = ttl
        self.maxInFlight = max(1, maxInFlight)
        self.reviewTimeout = reviewTimeout
        identities = ReviewCache(capacity: capacity)
        decisions = ReviewCache(capacity: capacity)
    }

    /// Cached identities and decisions (each at most `capacity`).
    public var cached: (identities: Int, decisions: Int) {
        (identities.count, decisions.count)
    }

    package func authorize(method: String, path: String, authorization: String?) async -> AccessDecision {
        guard let token = BearerToken.parse(authorization) else {
            return .refused(status: 401, message: "this API needs \"Authorization: Bearer <token>\" with a Kubernetes identity "
                            + "(ork control --token-file, or a kubeconfig context)")
        }
        let key = ContentHash.sha256(token)
        let identity: TokenReviewResult
        switch await cachedReview(key, in: identities, { [tokens] () async throws(ReviewUnavailable) in try await tokens.review(token) }) {
        case .success(let result): identity = result
        case .failure(let refusal): return refusal.decision
        }
        guard case .authenticated(let username, let groups) = identity else {
            guard case .unauthenticated(let reason) = identity else { return .refused(status: 401, message: "not authenticated") }
            return .refused(status: 401, message: "the bearer token was not accepted" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        let verb = Self.verb(method)
        let decision: AccessReviewResult
        switch await cachedReview(key + "\u{0}" + verb + " " + path, in: decisions, { [access] () async throws(ReviewUnavailable) in
            try await access.review(username: username, groups: groups, verb: verb, path: path)
        }) {
        case .success(let result): decision = result
        case .failure(let refusal): return refusal.decision
        }
        guard case .denied(let reason) = decision else { return .allowed }
        return .refused(status: 403, message: "\(username) may not \(verb) \(path): it needs \(verb) on the non-resource URL \(path) "
                        + "(for example a ClusterRole with nonResourceURLs [\"/katalog\", \"/katalog/*\"])"
                        + (reason.isEmpty ? "" : "; the authorizer says: \(reason)"))
    }

    /// A cached answer, else one review within the in-flight bound and the deadline; a refusal when neither.
    func cachedReview<Result: Sendable>(_ key: String, in cache: ReviewCache<Result>,
                                        _ review: @escaping @Sendable () async throws(ReviewUnavailable) -> Result)
        async -> Swift.Result<Result, Refusal> {
        let now = clock.now()
        if let hit = cache.value(for: key, at: now) { return .success(hit) }
        let admitted = inFlight.withLock { count -> Bool in
            guard count < maxInFlight else { return false }
            count += 1
            return true
        }
        guard admitted else {
            return .failure(Refusal(status: 429, message: "\(maxInFlight) reviews of callers are in flight, this server's limit; retry shortly"))
        }
        defer { inFlight.withLock { $0 -= 1 } }
        let answer = await withDeadline(reviewTimeout) { () async -> Swift.Result<Result, ReviewUnavailable> in
            do throws(ReviewUnavailable) { return .success(try await review()) } catch { return .failure(error) }
        }
        switch answer {
        case .success(let result)?:
            cache.set(result, for: key, expires: now + ttl)
            return .success(result)
        case .failure(let error)?:
            return .failure(Refusal(status: 503, message: "cannot check the caller now: \(error.description)"))
        case nil:
            return .failure(Refusal(status: 503, message: "cannot check the caller now: no answer from the API server within \(reviewTimeout)"))
        }
    }

    /// A refusal as an error (the failure side of `cachedReview`).
    struct Refusal: Error {
        var status: Int
        var message: String
        var decision: AccessDecision { .refused(status: status, message: message) }
    }

    /// The RBAC verb of an HTTP method, as the API server maps non-resource requests.
    static func verb(_ method: String) -> String {
        switch method.uppercased() {
        case "POST": "create"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: "get"
        }
    }
}

/// Review answers by key until they expire; the least recently used is forgotten first.
final class ReviewCache<Value: Sendable>: Sendable {
    private let entries: Mutex<LRUCache<String, (value: Value, expires: Duration)>>

    init(capacity: Int) {
        entries = Mutex(LRUCache(capacity: capacity))
    }

    var count: Int { entries.withLock { $0.count } }

    /// The answer for `key` if it has not expired at `now`.
    func value(for key: String, at now: Duration) -> Value? {
        entries.withLock { entries in
            guard let hit = entries.value(for: key), hit.expires > now else { return nil }
            return hit.value
        }
    }

    func set(_ value: Value, for key: String, expires: Duration) {
        entries.withLock { _ = $0.set((value, expires), for: key) }
    }
}
