import OrkKube
import OrkValue

/// What a SubjectAccessReview says about one request of one user.
public enum AccessReviewResult: Sendable, Hashable {
    case allowed
    /// Not allowed; `reason` is the authorizer's, if any.
    case denied(reason: String)
}

/// Asks whether a user may make a request to a non-resource URL. Throws when no answer can be had.
public protocol AccessReviewer: Sendable {
    func review(username: String, groups: [String], verb: String, path: String) async throws(ReviewUnavailable) -> AccessReviewResult
}

/// Asks the API server: `POST /apis/authorization.k8s.io/v1/subjectaccessreviews` with
/// `nonResourceAttributes {path, verb}` (needs `create` on `subjectaccessreviews`), as
/// kube-rbac-proxy does; RBAC grants such a URL with a ClusterRole rule such as
/// `nonResourceURLs: ["/katalog", "/katalog/*"], verbs: ["get"]`.
public struct KubeAccessReviewer: AccessReviewer {
    static let resource = APIResource(group: "authorization.k8s.io", version: "v1", resource: "subjectaccessreviews",
                                      kind: "SubjectAccessReview", namespaced: false)
    let client: KubeClient

    public init(client: KubeClient) {
        self.client = client
    }

    public func review(username: String, groups: [String], verb: String, path: String) async throws(ReviewUnavailable) -> AccessReviewResult {
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": ["user": .string(username), "groups": .array(groups.map(JSONValue.string)),
                     "nonResourceAttributes": ["path": .string(path), "verb": .string(verb)]],
        ]
        let answer: JSONValue
        do {
            answer = try await client.create(Self.resource, namespace: nil, review)
        } catch {
            throw ReviewUnavailable("SubjectAccessReview failed: \(error.kind == .forbidden ? "this component may not create subjectaccessreviews (RBAC)" : error.description)")
        }
        return Self.result(answer)
    }

    package static func result(_ review: JSONValue) -> AccessReviewResult {
        review["status"]?["allowed"]?.boolValue == true ? .allowed : .denied(reason: review["status"]?["reason"]?.stringValue ?? "")
    }
}
