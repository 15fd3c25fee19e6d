import OrkStats
import Testing

@Suite struct LatencyHistogramTests {
    @Test func recordsIntoInclusiveBuckets() {
        var histogram = LatencyHistogram()
        histogram.record(milliseconds: 5)      // le 5
        histogram.record(milliseconds: 5.01)   // le 10
        histogram.record(milliseconds: 0)      // le 0.1
        histogram.record(.seconds(120))        // +Inf
        #expect(histogram.count == 4)
        let expectedSum: Double = 5 + 5.01 + 120_000
        #expect(histogram.sum == expectedSum)
        let buckets = histogram.cumulativeBuckets
        #expect(buckets.count == LatencyHistogram.bounds.count + 1)
        #expect(buckets.first?.count == 1)
        #expect(buckets.first(where: { $0.le == 5 })?.count == 2)
        #expect(buckets.first(where: { $0.le == 10 })?.count == 3)
        #expect(buckets.first(where: { $0.le == 60_000 })?.count == 3)
        #expect(buckets.last?.le == .infinity)
        #expect(buckets.last?.count == 4)
    }

    @Test func oddSamplesNeverTrap() {
        var histogram = LatencyHistogram()
        histogram.record(milliseconds: -3)
        histogram.record(milliseconds: .nan)
        histogram.record(milliseconds: .infinity)
        histogram.record(milliseconds: -.infinity)
        #expect(histogram.count == 4)
        #expect(histogram.sum == 0)
        #expect(histogram.counts.first == 3)
        #expect(histogram.counts.last == 1)
    }

    @Test func mergeAddsEverything() {
        var a = LatencyHistogram()
        var b = LatencyHistogram()
        a.record(milliseconds: 1)
        b.record(milliseconds: 1)
        b.record(milliseconds: 300)
        let merged = a.merging(b)
        #expect(merged.count == 3)
        #expect(merged.sum == 302)
        #expect(merged.cumulativeBuckets.first(where: { $0.le == 1 })?.count == 2)
        #expect(merged.cumulativeBuckets.first(where: { $0.le == 500 })?.count == 3)
        a.merge(LatencyHistogram())
        #expect(a.count == 1)
    }
}
