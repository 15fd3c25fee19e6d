import CoreMetrics

extension CoreMetrics.Counter {
    /// Adds `count` when it is positive (swift-metrics traps on a negative or oversized amount).
    public func add(_ count: Int) {
        guard count > 0 else { return }
        increment(by: count)
    }
}

extension CoreMetrics.Timer {
    /// Records `duration` in nanoseconds; a negative duration counts as zero, one beyond Int64
    /// nanoseconds (292 years) as the largest.
    public func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return recordNanoseconds(Int64(0)) }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        recordNanoseconds(overflow || overflow2 ? Int64.max : total)
    }
}
