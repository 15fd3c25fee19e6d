/// Decides whether a request may be answered at all, before anything else is done for it (a
/// listener's `admit`). Listeners without one answer everyone.
package protocol RequestAuthorizer: Sendable {
    func authorize(method: String, path: String, authorization: String?) async -> AccessDecision
}

/// An authorizer's answer.
package enum AccessDecision: Sendable, Hashable {
    case allowed
    /// Answered with `status` (401, 403, 429, 503) and `message`.
    case refused(status: Int, message: String)
}
