/// A monotonic time source as an offset from an arbitrary origin: what budgets, caches and
/// throttles read instead of the wall clock, so tests can inject time.
public protocol MonotonicClock: Sendable {
    /// The current time as an offset from this clock's origin. Never decreases.
    func now() -> Duration
}

/// The production ``MonotonicClock``, backed by `ContinuousClock`.
public struct ContinuousMonotonicClock: MonotonicClock {
    private let origin: ContinuousClock.Instant

    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Duration {
        origin.duration(to: ContinuousClock.now)
    }
}
