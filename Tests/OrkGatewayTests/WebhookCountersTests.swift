import OrkStats
import Testing
@testable import OrkGateway

/// Counters of several replicas add up, histograms merge bucket by bucket.
struct WebhookCountersTests {
    @Test func replicasAddUp() {
        var a = WebhookCounters(), b = WebhookCounters()
        a.validation.allowed = 3
        a.validation.denied = 1
        a.validation.latency.record(milliseconds: 0.3)
        b.validation.allowed = 2
        b.validation.warned = 1
        b.validation.latency.record(milliseconds: 40)
        b.deletionProtection.denied = 4
        a.merge(b)
        #expect(a.validation.total == 6)
        #expect(a.validation.warned == 1)
        #expect(a.validation.latency.count == 2)
        #expect(a.deletionProtection.total == 4)
    }

    @Test func histogramFromCountsRoundTrips() throws {
        var histogram = LatencyHistogram()
        for value in [0.05, 3.0, 70.0, 1e9] { histogram.record(milliseconds: value) }
        let copy = try #require(LatencyHistogram(counts: histogram.counts, sum: histogram.sum))
        #expect(copy == histogram)
        #expect(LatencyHistogram(counts: [1, 2], sum: 0) == nil)
    }
}
