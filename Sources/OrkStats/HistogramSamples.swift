/// A ``LatencyHistogram`` (milliseconds) as Prometheus histogram samples in seconds: cumulative
/// `_bucket{le=…}` lines ending with `+Inf`, then `_sum` and `_count`.
public enum HistogramSamples {
    public static func seconds(_ histogram: LatencyHistogram, labels: [(String, String)]) -> [PrometheusText.Sample] {
        var samples: [PrometheusText.Sample] = histogram.cumulativeBuckets.map { bucket in
            PrometheusText.Sample(suffix: "_bucket", labels: labels + [("le", PrometheusText.seconds(fromMilliseconds: bucket.le))],
                                  value: PrometheusText.value(bucket.count))
        }
        samples.append(.init(suffix: "_sum", labels: labels, value: PrometheusText.value(histogram.sum / 1_000)))
        samples.append(.init(suffix: "_count", labels: labels, value: PrometheusText.value(histogram.count)))
        return samples
    }
}
