/// The time source of a ``WorkQueue``: a monotonic offset from an arbitrary origin, and a sleep.
///
/// Production code uses ``ContinuousQueueClock``; tests inject a manual clock so that delays,
/// backoff and wait times are deterministic.
public protocol QueueClock: Sendable {
    /// The current time as an offset from this clock's origin. Never decreases.
    func now() -> Duration
    /// Suspends until `now() >= deadline`. Throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// A ``QueueClock`` backed by `ContinuousClock` (monotonic, keeps counting during system sleep).
public struct ContinuousQueueClock: QueueClock {
    private let origin: ContinuousClock.Instant

    /// Creates a clock whose origin is the moment of creation.
    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Duration {
        origin.duration(to: ContinuousClock.now)
    }

    public func sleep(until deadline: Duration) async throws {
        let delay = deadline - now()
        guard delay > .zero else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(for: delay, clock: .continuous)
    }
}
