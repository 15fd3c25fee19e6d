/// Capped exponential backoff with jitter, for restarting broken watches and retrying leases.
///
/// Attempt `n` (from 1) waits a random duration in `[ceiling·(1 − jitter), ceiling]` where
/// `ceiling = min(initial · factorⁿ⁻¹, maximum)`: never more than `maximum`, and spread out so
/// that many clients that failed together do not come back together.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var factor: Double
    /// The fraction of the ceiling that may be taken off at random (0 = no jitter, 1 = full jitter).
    public var jitter: Double

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), factor: Double = 2,
                jitter: Double = 0.5) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
    }

    /// The longest wait of attempt `attempt` (1-based; values below 1 count as 1).
    public func ceiling(attempt: Int) -> Duration {
        let start = Self.seconds(initial), cap = Self.seconds(maximum)
        let exponent = Double(min(max(attempt, 1) - 1, 64))
        let grown = start * pow(max(factor, 1), exponent)
        return .seconds(max(0, min(grown.isFinite ? grown : cap, cap)))
    }

    /// The wait before attempt `attempt`; `random` in 0...1 picks where in the jitter window (tests fix it).
    public func delay(attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let ceiling = Self.seconds(ceiling(attempt: attempt))
        let spread = min(max(jitter, 0), 1)
        let fraction = 1 - spread * min(max(random, 0), 1)
        return .seconds(ceiling * fraction)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 && result.isFinite {
            result *= base
            remaining -= 1
        }
        return result
    }
}
