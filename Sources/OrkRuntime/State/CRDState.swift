/// The lifecycle state of one CRD's operator, as health endpoints, `/katalog` and metrics report it.
///
/// * `notStarted`: its informer has not synced yet (or it could not start: see the reason);
/// * `pending`: running but not reconciling — waiting for a dependency, or this replica is a follower;
/// * `healthy`: reconciling, fewer than `failureThreshold` consecutive failures;
/// * `degraded`: `failureThreshold` or more consecutive reconcile failures.
public enum CRDState: String, Sendable, Hashable, CaseIterable {
    case notStarted = "not started"
    case pending
    case healthy
    case degraded

    /// The HTTP status of `/katalog/{crd}/health`: 200 for healthy or pending, 503 otherwise.
    public var httpStatus: Int {
        switch self {
        case .healthy, .pending: return 200
        case .notStarted, .degraded: return 503
        }
    }
}
