/// Whether a leader may still write: the Lease must be held and renewed within `validity`
/// (`renewDeadline − margin`) of now, on the local monotonic clock.
///
/// Why this is safe: another candidate takes the Lease over only `leaseDuration` after it saw the
/// record last change, which is after this leader sent that renewal. Writes stop `validity` after
/// the renewal was sent, so `leaseDuration − validity` (at least `leaseDuration − renewDeadline +
/// margin`) is left for a write sent just before the fence closed to land, and for the two clocks
/// to drift. `FencedTransport` asks the fence before every write and cancels a write still in
/// flight when the fence closes.
public struct LeaseFence: Sendable {
    /// What the fence says right now.
    public enum Decision: Sendable, Hashable {
        /// Writes are allowed for `remaining` more.
        case held(remaining: Duration)
        /// This replica does not lead.
        case notLeading
        /// It leads, but its last renewal is older than the validity (by `overdue`).
        case expired(overdue: Duration)
    }

    /// How long after a renewal writes are allowed.
    public let validity: Duration
    private let renewedAt: @Sendable () -> ContinuousClock.Instant?
    private let now: @Sendable () -> ContinuousClock.Instant

    /// A fence over `renewedAt` (nil while not leading), judged with `now` (injected by tests).
    public init(validity: Duration, renewedAt: @escaping @Sendable () -> ContinuousClock.Instant?,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.validity = validity
        self.renewedAt = renewedAt
        self.now = now
    }

    /// The fence of `elector`, with the margin its configuration implies.
    public init(elector: LeaseElector, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.init(validity: Self.validity(for: elector.config), renewedAt: { elector.renewedAt }, now: now)
    }

    /// The safety margin: half the slack between the renew deadline and the retry period. A leader
    /// that renews every retry period then always renews before its fence closes, and one whose
    /// renewals fail stops writing `margin` before it would give leadership up.
    public static func margin(for config: LeaseElectorConfig) -> Duration {
        (config.renewDeadline - config.retryPeriod) / 2
    }

    /// `renewDeadline − margin`.
    public static func validity(for config: LeaseElectorConfig) -> Duration {
        config.renewDeadline - margin(for: config)
    }

    public var decision: Decision {
        guard let renewed = renewedAt() else { return .notLeading }
        let elapsed = now() - renewed
        return elapsed < validity ? .held(remaining: validity - elapsed) : .expired(overdue: elapsed - validity)
    }

    /// Returns once the fence is closed (not leading, or the last renewal too old), or when the
    /// task is cancelled. Sleeps until the fence's current end and looks again, so a renewal in
    /// the meantime keeps it waiting.
    public func waitUntilClosed() async {
        while case .held(let remaining) = decision {
            do {
                try await Task.sleep(for: remaining)
            } catch {
                return
            }
        }
    }

    /// The `KubeError.reason` of a write the fence refused (never retried).
    public static let refusalReason = "LeaseNotHeld"

    /// Whether `error` is a fence's refusal rather than an answer of the API server.
    public static func isRefusal(_ error: KubeError) -> Bool {
        error.status == nil && error.reason == refusalReason
    }

    static func refusal(_ message: String, request: String) -> KubeError {
        KubeError(kind: .forbidden, reason: refusalReason, message: message, request: request)
    }
}
