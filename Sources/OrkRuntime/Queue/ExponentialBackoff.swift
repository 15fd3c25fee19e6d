/// Per-item exponential backoff: `base × 2^failures`, capped at `cap` (client-go's
/// `ItemExponentialFailureRateLimiter`; defaults 5 ms and 1000 s).
///
/// The computation never traps: negative inputs are clamped to zero, and the doubling stops as
/// soon as the cap is reached, so huge failure counts cost nothing and cannot overflow.
public struct ExponentialBackoff: Sendable, Hashable {
    /// The delay after the first failure.
    public let base: Duration
    /// The largest delay ever returned.
    public let cap: Duration

    /// client-go's defaults: 5 ms doubling up to 1000 s.
    public static let `default` = ExponentialBackoff(base: .milliseconds(5), cap: .seconds(1000))

    /// Creates a policy. A negative `base` or `cap` is treated as zero, and `cap` is at least `base`.
    public init(base: Duration, cap: Duration) {
        let base = max(base, .zero)
        self.base = base
        self.cap = max(cap, base)
    }

    /// The delay for an item that has already failed `failures` times before this failure
    /// (0 for the first failure ⇒ `base`).
    public func delay(failures: Int) -> Duration {
        var delay = base
        var remaining = max(failures, 0)
        while remaining > 0, (delay < cap), (delay > .zero) {
            // delay < cap here, so doubling cannot exceed 2 × cap (far inside Duration's range).
            delay = delay + delay
            remaining -= 1
        }
        return min(delay, cap)
    }
}
