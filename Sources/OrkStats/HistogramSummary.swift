/// Quantile estimates of a ``LatencyHistogram`` (milliseconds), interpolated linearly inside the
/// bucket that holds the rank, as Prometheus' `histogram_quantile` does. A rank in the `+Inf`
/// bucket reports the largest finite bound. Every value is null when there are no samples.
public enum HistogramSummary {
    /// The `q`-quantile (0…1) in ms, nil without samples.
    public static func quantile(_ q: Double, of histogram: LatencyHistogram) -> Double? {
        guard histogram.count > 0 else { return nil }
        let rank = q * Double(histogram.count)
        var lower = 0.0
        var below: UInt64 = 0
        for bucket in histogram.cumulativeBuckets {
            if Double(bucket.count) >= rank {
                guard bucket.le.isFinite else { return LatencyHistogram.bounds.last ?? lower }
                let inBucket = bucket.count > below ? Double(bucket.count - below) : 0
                guard inBucket > 0 else { return bucket.le }
                return lower + (bucket.le - lower) * (rank - Double(below)) / inBucket
            }
            below = bucket.count
            if bucket.le.isFinite { lower = bucket.le }
        }
        return LatencyHistogram.bounds.last
    }

    /// The upper bound of the highest occupied bucket (the largest finite bound when samples
    /// exceeded it), nil without samples.
    public static func maximum(of histogram: LatencyHistogram) -> Double? {
        guard histogram.count > 0 else { return nil }
        var highest: Double?
        for (index, count) in histogram.counts.enumerated() where count > 0 {
            highest = LatencyHistogram.bounds.indices.contains(index) ? LatencyHistogram.bounds[index]
                : LatencyHistogram.bounds.last
        }
        return highest
    }

    public static func mean(of histogram: LatencyHistogram) -> Double? {
        guard histogram.count > 0 else { return nil }
        return histogram.sum / Double(histogram.count)
    }
}
