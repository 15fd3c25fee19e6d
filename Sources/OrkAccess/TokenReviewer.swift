import OrkKube
import OrkValue

/// What a token review says about a bearer token.
public enum TokenReviewResult: Sendable, Hashable {
    /// The token is valid and belongs to `username` (e.g. `system:serviceaccount:orkestra-system:orkestra-runtime`),
    /// a member of `groups` (what a SubjectAccessReview is asked about with it).
    case authenticated(username: String, groups: [String] = [])
    /// The token is not valid (unknown, expired, revoked); `reason` is the API server's error, if any.
    case unauthenticated(reason: String)
}

/// Authenticates bearer tokens. Throws when no answer can be had (the API server is unreachable).
public protocol TokenReviewer: Sendable {
    func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult
}

/// No review (TokenReview or SubjectAccessReview) could be made; the caller is answered 503.
public struct ReviewUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reviews tokens with the API server: `POST /apis/authentication.k8s.io/v1/tokenreviews` (needs
/// `create` on `tokenreviews`, a cluster-scoped right of the reviewing component's ClusterRole).
public struct KubeTokenReviewer: TokenReviewer {
    static let resource = APIResource(group: "authentication.k8s.io", version: "v1", resource: "tokenreviews", kind: "TokenReview",
                                      namespaced: false)
    let client: KubeClient
    /// Audiences the token must be valid for; empty accepts the API server's own (a pod's default token).
    let audiences: [String]

    public init(client: KubeClient, audiences: [String] = []) {
        self.client = client
        self.audiences = audiences
    }

    public func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
        var spec: [String: JSONValue] = ["token": .string(token)]
        if !audiences.isEmpty { spec["audiences"] = .array(audiences.map(JSONValue.string)) }
        let review: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": .object(spec)]
        let answer: JSONValue
        do {
            answer = try await client.create(Self.resource, namespace: nil, review)
        } catch {
            throw ReviewUnavailable("TokenReview failed: \(error.kind == .forbidden ? "this component may not create tokenreviews (RBAC)" : error.description)")
        }
        return Self.result(answer, audiences: audiences)
    }

    /// Reads a TokenReview's status. With `audiences`, the token must be valid for one of them
    /// (`status.audiences`, as kube-rbac-proxy checks it): an authenticator that ignores audiences
    /// answers without them, and its yes is not enough.
    package static func result(_ review: JSONValue, audiences: [String] = []) -> TokenReviewResult {
        let status = review["status"]
        guard status?["authenticated"]?.boolValue == true,
              let username = status?["user"]?["username"]?.stringValue, !username.isEmpty else {
            return .unauthenticated(reason: status?["error"]?.stringValue ?? "")
        }
        if !audiences.isEmpty {
            let granted = status?["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard granted.contains(where: audiences.contains) else {
                return .unauthenticated(reason: "the token is not issued for the audience \(audiences.joined(separator: ", "))")
            }
        }
        let groups = status?["user"]?["groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return .authenticated(username: username, groups: groups)
    }
}

/// For `--dev` and tests without a cluster: one token (from `ORK_NOTIFY_TOKEN_FILE`) stands for
/// one username; every other token is unauthenticated.
public struct StaticTokenReviewer: TokenReviewer {
    let token: String
    let username: String

    public init(token: String, username: String) {
        self.token = token
        self.username = username
    }

    public func review(_ token: String) async throws(ReviewUnavailable) -> TokenReviewResult {
        // Compared in constant time: the answer's timing says nothing about how much matched.
        let given = Array(token.utf8), expected = Array(self.token.utf8)
        var difference = given.count ^ expected.count
        for index in 0..<max(given.count, expected.count) {
            let left = index < given.count ? given[index] : 0, right = index < expected.count ? expected[index] : 0
            difference |= Int(left ^ right)
        }
        return difference == 0 && !expected.isEmpty ? .authenticated(username: username) : .unauthenticated(reason: "not the configured dev token")
    }
}
