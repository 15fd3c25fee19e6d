import OrkStats

/// Admission, conversion and protection counters of a gateway (docs/gateway-api.md §1): a
/// replica's `totals` or the fleet's `totals`. A section is null when the Katalog does not declare
/// its webhook. Sums saturate: a replica reporting `Int.max` shows `Int.max`, it never traps.
package struct GatewayStats: Codable, Sendable, Equatable {
    package var validation: Validation?
    package var mutation: Mutation?
    package var conversion: Conversion?
    package var deletionProtection: Decisions?
    package var infraProtection: Decisions?

    package init(validation: Validation? = nil, mutation: Mutation? = nil, conversion: Conversion? = nil,
                 deletionProtection: Decisions? = nil, infraProtection: Decisions? = nil) {
        self.validation = validation
        self.mutation = mutation
        self.conversion = conversion
        self.deletionProtection = deletionProtection
        self.infraProtection = infraProtection
    }

    /// Validating admission reviews.
    package struct Validation: Codable, Sendable, Equatable {
        package var total: Int
        package var allowed: Int
        package var denied: Int
        package var warned: Int
        /// Reviews that ran out of their evaluation budget.
        package var overBudget: Int
        package var latency: Latency?

        package init(total: Int, allowed: Int, denied: Int, warned: Int, overBudget: Int, latency: Latency?) {
            self.total = total
            self.allowed = allowed
            self.denied = denied
            self.warned = warned
            self.overBudget = overBudget
            self.latency = latency
        }
    }

    /// Mutating admission reviews.
    package struct Mutation: Codable, Sendable, Equatable {
        package var total: Int
        package var patched: Int
        package var unchanged: Int
        package var overBudget: Int
        package var latency: Latency?

        package init(total: Int, patched: Int, unchanged: Int, overBudget: Int, latency: Latency?) {
            self.total = total
            self.patched = patched
            self.unchanged = unchanged
            self.overBudget = overBudget
            self.latency = latency
        }
    }

    /// Conversion reviews.
    package struct Conversion: Codable, Sendable, Equatable {
        package var total: Int
        package var succeeded: Int
        package var failed: Int
        package var latency: Latency?

        package init(total: Int, succeeded: Int, failed: Int, latency: Latency?) {
            self.total = total
            self.succeeded = succeeded
            self.failed = failed
            self.latency = latency
        }
    }

    /// Allow/deny decisions (deletion and infrastructure protection).
    package struct Decisions: Codable, Sendable, Equatable {
        package var total: Int
        package var allowed: Int
        package var denied: Int

        package init(total: Int, allowed: Int, denied: Int) {
            self.total = total
            self.allowed = allowed
            self.denied = denied
        }
    }

    /// A mergeable latency histogram with its percentiles in milliseconds (`LATENCY`); each
    /// percentile is null while there are no samples.
    package struct Latency: Codable, Sendable, Equatable {
        package var count: Int
        package var sumMs: Double
        package var meanMs: Double?
        package var p50Ms: Double?
        package var p90Ms: Double?
        package var p95Ms: Double?
        package var p99Ms: Double?
        package var maxMs: Double?
        /// Per-bucket counts (not cumulative), so replicas' histograms add up.
        package var buckets: [Bucket]

        package init(count: Int, sumMs: Double, meanMs: Double?, p50Ms: Double?, p90Ms: Double?, p95Ms: Double?,
                     p99Ms: Double?, maxMs: Double?, buckets: [Bucket]) {
            self.count = count
            self.sumMs = sumMs
            self.meanMs = meanMs
            self.p50Ms = p50Ms
            self.p90Ms = p90Ms
            self.p95Ms = p95Ms
            self.p99Ms = p99Ms
            self.maxMs = maxMs
            self.buckets = buckets
        }

        /// One bucket: `le` in milliseconds (null = +Inf) and its own count.
        package struct Bucket: Codable, Sendable, Equatable {
            package var le: Double?
            package var count: Int

            package init(le: Double?, count: Int) {
                self.le = le
                self.count = count
            }
        }
    }

    /// Admission reviews of both kinds (validating + mutating).
    package var admissionTotal: Int { (validation?.total ?? 0).saturatingAdd(mutation?.total ?? 0) }
    /// Reviews denied by validation.
    package var admissionDenied: Int { validation?.denied ?? 0 }
    /// Deletion plus infrastructure protection decisions.
    package var protectionTotal: Int { (deletionProtection?.total ?? 0).saturatingAdd(infraProtection?.total ?? 0) }
    /// Protection decisions that denied a deletion.
    package var protectionDenied: Int { (deletionProtection?.denied ?? 0).saturatingAdd(infraProtection?.denied ?? 0) }
}

extension GatewayStats.Latency {
    /// `histogram` with its percentiles rounded to 3 decimals; the last bucket (`le: null`) is +Inf.
    package init(_ histogram: LatencyHistogram) {
        var buckets: [Bucket] = []
        for (index, count) in histogram.counts.enumerated() {
            let le = LatencyHistogram.bounds.indices.contains(index) ? LatencyHistogram.bounds[index] : nil
            buckets.append(Bucket(le: le, count: APIFormat.count(count)))
        }
        self.init(count: APIFormat.count(histogram.count), sumMs: APIFormat.rounded(histogram.sum),
                  meanMs: APIFormat.rounded(HistogramSummary.mean(of: histogram)),
                  p50Ms: APIFormat.rounded(HistogramSummary.quantile(0.5, of: histogram)),
                  p90Ms: APIFormat.rounded(HistogramSummary.quantile(0.9, of: histogram)),
                  p95Ms: APIFormat.rounded(HistogramSummary.quantile(0.95, of: histogram)),
                  p99Ms: APIFormat.rounded(HistogramSummary.quantile(0.99, of: histogram)),
                  maxMs: APIFormat.rounded(HistogramSummary.maximum(of: histogram)), buckets: buckets)
    }
}
