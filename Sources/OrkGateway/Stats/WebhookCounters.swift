import OrkStats

/// What the validating webhook decided for one CRD: totals by outcome and how long it took.
public struct ValidationCounters: Sendable, Hashable {
    public var allowed: UInt64 = 0
    public var denied: UInt64 = 0
    /// Allowed with at least one warning (also counted in `allowed`).
    public var warned: UInt64 = 0
    /// Reviews whose evaluation budget ran out (also counted in `allowed` or `denied`, per the failurePolicy).
    public var overBudget: UInt64 = 0
    public var latency = LatencyHistogram()

    public init() {}
    public var total: UInt64 { allowed.saturatingAdd(denied) }

    public mutating func merge(_ other: ValidationCounters) {
        allowed = allowed.saturatingAdd(other.allowed)
        denied = denied.saturatingAdd(other.denied)
        warned = warned.saturatingAdd(other.warned)
        overBudget = overBudget.saturatingAdd(other.overBudget)
        latency.merge(other.latency)
    }
}

/// What the mutating webhook did for one CRD: requests that got a patch and those left unchanged.
public struct MutationCounters: Sendable, Hashable {
    public var patched: UInt64 = 0
    public var unchanged: UInt64 = 0
    /// Reviews whose evaluation budget ran out (also counted in `unchanged`, or denied under failurePolicy Fail).
    public var overBudget: UInt64 = 0
    public var latency = LatencyHistogram()

    public init() {}
    public var total: UInt64 { patched.saturatingAdd(unchanged) }

    public mutating func merge(_ other: MutationCounters) {
        patched = patched.saturatingAdd(other.patched)
        unchanged = unchanged.saturatingAdd(other.unchanged)
        overBudget = overBudget.saturatingAdd(other.overBudget)
        latency.merge(other.latency)
    }
}

/// Conversion reviews for one CRD (one review may carry several objects; counted per review).
public struct ConversionCounters: Sendable, Hashable {
    public var succeeded: UInt64 = 0
    public var failed: UInt64 = 0
    public var latency = LatencyHistogram()

    public init() {}
    public var total: UInt64 { succeeded.saturatingAdd(failed) }

    public mutating func merge(_ other: ConversionCounters) {
        succeeded = succeeded.saturatingAdd(other.succeeded)
        failed = failed.saturatingAdd(other.failed)
        latency.merge(other.latency)
    }
}

/// Deletion-protection decisions: requests seen, denied and allowed.
public struct ProtectionCounters: Sendable, Hashable {
    public var denied: UInt64 = 0
    public var allowed: UInt64 = 0

    public init() {}
    public var total: UInt64 { denied.saturatingAdd(allowed) }

    public mutating func merge(_ other: ProtectionCounters) {
        denied = denied.saturatingAdd(other.denied)
        allowed = allowed.saturatingAdd(other.allowed)
    }
}

/// Every webhook counter of one CRD (or, summed, of a whole gateway or fleet).
public struct WebhookCounters: Sendable, Hashable {
    public var validation = ValidationCounters()
    public var mutation = MutationCounters()
    public var conversion = ConversionCounters()
    public var deletionProtection = ProtectionCounters()

    public init() {}

    public mutating func merge(_ other: WebhookCounters) {
        validation.merge(other.validation)
        mutation.merge(other.mutation)
        conversion.merge(other.conversion)
        deletionProtection.merge(other.deletionProtection)
    }
}
