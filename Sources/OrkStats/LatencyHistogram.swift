/// A small fixed-bucket latency histogram in milliseconds, mergeable and printable as a
/// Prometheus histogram (cumulative `le` buckets, `_sum`, `_count`).
///
/// Every instance uses the same ``bounds``, so any two histograms can be merged. Counts saturate
/// instead of overflowing; negative and NaN samples count as 0 ms, +∞ lands in the `+Inf` bucket
/// and is left out of ``sum``.
public struct LatencyHistogram: Sendable, Hashable {
    /// Upper bounds (inclusive, in ms) of the finite buckets; a final `+Inf` bucket follows.
    public static let bounds: [Double] = [
        0.1, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
    ]

    /// Per-bucket (non-cumulative) counts; `bounds.count + 1` entries, the last for `+Inf`.
    public private(set) var counts: [UInt64]
    /// Sum of all finite samples, in ms.
    public private(set) var sum: Double
    /// Number of samples.
    public private(set) var count: UInt64

    /// An empty histogram.
    public init() {
        counts = Array(repeating: 0, count: Self.bounds.count + 1)
        sum = 0
        count = 0
    }

    /// A histogram from per-bucket counts (as `counts` holds them: `bounds.count + 1` entries) and the
    /// sum of the samples in ms; nil when the number of buckets does not match (a peer with
    /// other bounds). Used to merge histograms received from other processes.
    public init?(counts: [UInt64], sum: Double) {
        guard counts.count == Self.bounds.count + 1 else { return nil }
        self.counts = counts
        self.sum = sum.isFinite && sum >= 0 ? sum : 0
        self.count = counts.reduce(0) { $0.saturatingAdd($1) }
    }

    /// Records one sample in milliseconds.
    public mutating func record(milliseconds value: Double) {
        let sample = value.isNaN || value < 0 ? 0 : value
        var index = Self.bounds.count
        for (i, bound) in Self.bounds.enumerated() where sample <= bound {
            index = i
            break
        }
        if counts.indices.contains(index) {
            counts[index] = counts[index].saturatingAdd(1)
        }
        count = count.saturatingAdd(1)
        if sample.isFinite {
            let total = sum + sample
            if total.isFinite { sum = total }
        }
    }

    /// Records a duration.
    public mutating func record(_ duration: Duration) {
        record(milliseconds: duration.milliseconds)
    }

    /// Adds every sample of `other` to this histogram.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices where other.counts.indices.contains(index) {
            counts[index] = counts[index].saturatingAdd(other.counts[index])
        }
        count = count.saturatingAdd(other.count)
        let total = sum + other.sum
        if total.isFinite { sum = total }
    }

    /// A merged copy.
    public func merging(_ other: LatencyHistogram) -> LatencyHistogram {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Cumulative counts as Prometheus prints them: `(le, count)` with `le == .infinity` last.
    public var cumulativeBuckets: [(le: Double, count: UInt64)] {
        var running: UInt64 = 0
        var result: [(le: Double, count: UInt64)] = []
        for (index, value) in counts.enumerated() {
            running = running.saturatingAdd(value)
            let le = Self.bounds.indices.contains(index) ? Self.bounds[index] : Double.infinity
            result.append((le: le, count: running))
        }
        return result
    }
}

extension UInt64 {
    /// `self + other`, or `UInt64.max` on overflow.
    public func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (value, overflow) = addingReportingOverflow(other)
        return overflow ? .max : value
    }
}

extension Int {
    /// `self + other`, clamped to `Int`'s range.
    public func saturatingAdd(_ other: Int) -> Int {
        let (value, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? .max : .min }
        return value
    }
}

extension Duration {
    /// This duration in (fractional) milliseconds.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
