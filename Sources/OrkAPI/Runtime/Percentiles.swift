import OrkStats

/// Queue wait percentiles in milliseconds (`queue.waitMs`); each null while there are no samples.
package struct WaitPercentiles: Codable, Sendable, Equatable {
    package var p50: Double?
    package var p90: Double?
    package var p99: Double?
    package var max: Double?

    package init(p50: Double?, p90: Double?, p99: Double?, max: Double?) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }
}

/// Reconcile duration percentiles in milliseconds (`reconcile.durationMs`); each null while there
/// are no samples.
package struct DurationPercentiles: Codable, Sendable, Equatable {
    package var p50: Double?
    package var p90: Double?
    package var p99: Double?
    package var mean: Double?

    package init(p50: Double?, p90: Double?, p99: Double?, mean: Double?) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.mean = mean
    }
}

extension WaitPercentiles {
    /// p50, p90, p99 and the highest occupied bucket of `histogram`, rounded to 3 decimals.
    package init(_ histogram: LatencyHistogram) {
        self.init(p50: APIFormat.rounded(HistogramSummary.quantile(0.5, of: histogram)),
                  p90: APIFormat.rounded(HistogramSummary.quantile(0.9, of: histogram)),
                  p99: APIFormat.rounded(HistogramSummary.quantile(0.99, of: histogram)),
                  max: APIFormat.rounded(HistogramSummary.maximum(of: histogram)))
    }
}

extension DurationPercentiles {
    /// p50, p90, p99 and the mean of `histogram`, rounded to 3 decimals.
    package init(_ histogram: LatencyHistogram) {
        self.init(p50: APIFormat.rounded(HistogramSummary.quantile(0.5, of: histogram)),
                  p90: APIFormat.rounded(HistogramSummary.quantile(0.9, of: histogram)),
                  p99: APIFormat.rounded(HistogramSummary.quantile(0.99, of: histogram)),
                  mean: APIFormat.rounded(HistogramSummary.mean(of: histogram)))
    }
}
