import OrkRuntime
import Testing

@Suite struct ExponentialBackoffTests {
    @Test func defaultGrowsFrom5msAndCapsAt1000s() {
        let backoff = ExponentialBackoff.default
        #expect(backoff.delay(failures: 0) == .milliseconds(5))
        #expect(backoff.delay(failures: 1) == .milliseconds(10))
        #expect(backoff.delay(failures: 2) == .milliseconds(20))
        #expect(backoff.delay(failures: 10) == .milliseconds(5_120))
        #expect(backoff.delay(failures: 17) == .milliseconds(655_360))
        #expect(backoff.delay(failures: 18) == .seconds(1000))
        #expect(backoff.delay(failures: 1_000) == .seconds(1000))
        #expect(backoff.delay(failures: .max) == .seconds(1000))
        #expect(backoff.delay(failures: -7) == .milliseconds(5))
    }

    @Test func customAndDegenerateSettings() {
        let custom = ExponentialBackoff(base: .seconds(1), cap: .seconds(5))
        let delays: [Duration] = (0..<5).map { custom.delay(failures: $0) }
        let expected: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)]
        #expect(delays == expected)
        let zero = ExponentialBackoff(base: .zero, cap: .seconds(1))
        #expect(zero.delay(failures: .max) == .zero)
        let inverted = ExponentialBackoff(base: .seconds(3), cap: .seconds(1))
        #expect(inverted.cap == .seconds(3))
        #expect(inverted.delay(failures: 4) == .seconds(3))
        let negative = ExponentialBackoff(base: .seconds(-3), cap: .seconds(-1))
        #expect(negative.delay(failures: 3) == .zero)
        let huge = ExponentialBackoff(base: .seconds(Int64.max / 2), cap: .seconds(Int64.max))
        #expect(huge.delay(failures: .max) == .seconds(Int64.max))
    }
}
