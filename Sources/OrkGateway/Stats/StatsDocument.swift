import OrkCore

/// The JSON form of webhook counters (docs/gateway-api.md), and the way back: a gateway reads its
/// peers' `?scope=pod` answers with the same code that writes its own.
public enum StatsDocument {
    /// `{count, sumMs, meanMs, p50Ms, p90Ms, p95Ms, p99Ms, maxMs, buckets: [{le, count}]}`; `le: null` is +Inf
    /// and bucket counts are per bucket, so replicas' histograms add up.
    public static func latency(_ histogram: LatencyHistogram) -> JSONValue {
        var buckets: [JSONValue] = []
        for (index, count) in histogram.counts.enumerated() {
            let le: JSONValue = LatencyHistogram.bounds.indices.contains(index) ? .double(LatencyHistogram.bounds[index]) : .null
            buckets.append(["le": le, "count": APIFormat.count(count)])
        }
        return [
            "count": APIFormat.count(histogram.count),
            "sumMs": APIFormat.number(histogram.sum),
            "meanMs": APIFormat.number(HistogramSummary.mean(of: histogram)),
            "p50Ms": APIFormat.number(HistogramSummary.quantile(0.5, of: histogram)),
            "p90Ms": APIFormat.number(HistogramSummary.quantile(0.9, of: histogram)),
            "p95Ms": APIFormat.number(HistogramSummary.quantile(0.95, of: histogram)),
            "p99Ms": APIFormat.number(HistogramSummary.quantile(0.99, of: histogram)),
            "maxMs": APIFormat.number(HistogramSummary.maximum(of: histogram)),
            "buckets": .array(buckets),
        ]
    }

    public static func counters(_ counters: WebhookCounters, features: GatewayFeatures) -> [String: JSONValue] {
        let v = counters.validation, m = counters.mutation, c = counters.conversion, p = counters.deletionProtection
        return [
            "validation": features.admission ? [
                "total": APIFormat.count(v.total), "allowed": APIFormat.count(v.allowed),
                "denied": APIFormat.count(v.denied), "warned": APIFormat.count(v.warned),
                "overBudget": APIFormat.count(v.overBudget), "latency": latency(v.latency),
            ] : .null,
            "mutation": features.admission ? [
                "total": APIFormat.count(m.total), "patched": APIFormat.count(m.patched),
                "unchanged": APIFormat.count(m.unchanged),
                "overBudget": APIFormat.count(m.overBudget), "latency": latency(m.latency),
            ] : .null,
            "conversion": features.conversion ? [
                "total": APIFormat.count(c.total), "succeeded": APIFormat.count(c.succeeded),
                "failed": APIFormat.count(c.failed), "latency": latency(c.latency),
            ] : .null,
            "deletionProtection": features.deletionProtection ? protection(p) : .null,
        ]
    }

    public static func protection(_ p: ProtectionCounters) -> JSONValue {
        ["total": APIFormat.count(p.total), "denied": APIFormat.count(p.denied), "allowed": APIFormat.count(p.allowed)]
    }

    // MARK: reading a peer's document

    static func uint(_ value: JSONValue?) -> UInt64 {
        guard let int = value?.intValue, int > 0 else { return 0 }
        return UInt64(int)
    }

    static func readLatency(_ value: JSONValue?) -> LatencyHistogram {
        let counts = (value?["buckets"]?.arrayValue ?? []).map { uint($0["count"]) }
        let sum = value?["sumMs"]?.doubleValue ?? 0
        return LatencyHistogram(counts: counts, sum: sum) ?? LatencyHistogram()
    }

    /// Counters from a `crds` row or `totals` of a peer; missing sections read as zero.
    public static func readCounters(_ value: JSONValue?) -> WebhookCounters {
        var counters = WebhookCounters()
        if let v = value?["validation"], !v.isNull {
            counters.validation.allowed = uint(v["allowed"])
            counters.validation.denied = uint(v["denied"])
            counters.validation.warned = uint(v["warned"])
            counters.validation.overBudget = uint(v["overBudget"])
            counters.validation.latency = readLatency(v["latency"])
        }
        if let m = value?["mutation"], !m.isNull {
            counters.mutation.patched = uint(m["patched"])
            counters.mutation.unchanged = uint(m["unchanged"])
            counters.mutation.overBudget = uint(m["overBudget"])
            counters.mutation.latency = readLatency(m["latency"])
        }
        if let c = value?["conversion"], !c.isNull {
            counters.conversion.succeeded = uint(c["succeeded"])
            counters.conversion.failed = uint(c["failed"])
            counters.conversion.latency = readLatency(c["latency"])
        }
        counters.deletionProtection = readProtection(value?["deletionProtection"])
        return counters
    }

    public static func readProtection(_ value: JSONValue?) -> ProtectionCounters {
        var counters = ProtectionCounters()
        counters.denied = uint(value?["denied"])
        counters.allowed = uint(value?["allowed"])
        return counters
    }
}

/// Which webhooks the Katalog declares.
public struct GatewayFeatures: Sendable, Hashable {
    public var admission: Bool
    public var conversion: Bool
    public var deletionProtection: Bool
    public var strictMode: Bool

    public init(security: SecuritySettings) {
        admission = security.admissionEnabled
        conversion = security.conversionEnabled
        deletionProtection = security.deletionProtection?.enabled ?? false
        strictMode = deletionProtection && (security.deletionProtection?.strictMode ?? false)
    }

    public var json: JSONValue {
        ["admission": .bool(admission), "conversion": .bool(conversion), "deletionProtection": .bool(deletionProtection),
         "strictMode": .bool(strictMode)]
    }
}
