import Foundation
import OrkControlTUI
import Testing

/// The saturating arithmetic every view uses on numbers from the network, and the formats built
/// on it, at the edges of `Int` and `Double`.
@Suite struct SaturatingTests {
    @Test func additionSubtractionAndMultiplicationClamp() {
        #expect(Int.max.saturatingAdd(1) == .max)
        #expect(Int.max.saturatingAdd(.max) == .max)
        #expect(Int.min.saturatingAdd(-1) == .min)
        #expect(Int.min.saturatingAdd(.max) == -1)
        #expect(40.saturatingAdd(2) == 42)
        #expect(Int.min.saturatingSubtract(1) == .min)
        #expect(Int.max.saturatingSubtract(-1) == .max)
        #expect(0.saturatingSubtract(.min) == .max)
        #expect(5.saturatingSubtract(7) == -2)
        #expect(Int.max.saturatingMultiply(10) == .max)
        #expect(Int.max.saturatingMultiply(-10) == .min)
        #expect(Int.min.saturatingMultiply(-1) == .max)
        #expect(Int.min.saturatingMultiply(2) == .min)
        #expect((-6).saturatingMultiply(7) == -42)
    }

    @Test func doublesBecomeIntsWithoutTrapping() {
        #expect(Int.saturating(1e300) == .max)
        #expect(Int.saturating(-1e300) == .min)
        #expect(Int.saturating(.infinity) == .max)
        #expect(Int.saturating(-.infinity) == .min)
        #expect(Int.saturating(.nan) == 0)
        #expect(Int.saturating(9_223_372_036_854_775_807.0) == .max)  // rounds to 2^63: one past Int.max
        #expect(Int.saturating(-9_223_372_036_854_775_808.0) == .min)
        #expect(Int.saturating(42.9) == 42)
        #expect(Int.saturating(-42.9) == -42)
        #expect(Double.nan.finite(or: 0) == 0)
        #expect(Double.infinity.finite(or: -1) == -1)
        #expect(2.5.finite(or: 0) == 2.5)
    }

    @Test func sumsClampAtEveryStep() {
        #expect([Int.max, 1, 1].saturatingSum { $0 } == .max)
        #expect([Int.min, -1].saturatingSum { $0 } == .min)
        #expect([1, 2, 3].saturatingSum { $0 } == 6)
        #expect([Int]().saturatingSum { $0 } == 0)
    }

    @Test func formatsTakeEveryExtreme() {
        for seconds in [1e300, -1e300, Double.greatestFiniteMagnitude, 9.3e18, -9.3e18, .nan, .infinity] {
            _ = Format.age(seconds: seconds)
        }
        #expect(Format.age(seconds: 1e300) == "\(Int.max / 86400)d")
        #expect(Format.age(seconds: -1e300) == "0s")
        #expect(Format.percent(1e300) == "1e+300%")
        #expect(Format.percent(-1e300) == "-1e+300%")
        #expect(Format.percent(.greatestFiniteMagnitude) == "\(Double.greatestFiniteMagnitude)%")
        #expect(Format.percent(.nan) == "-")
        #expect(Format.percent(1e14) == "100000000000000%")
        #expect(Format.milliseconds(1e300) == "1e+297s")
        #expect(Format.milliseconds(-1e300) == "-1e+300ms")
        #expect(Format.bar(.max, of: 100, width: 5, glyphs: .ascii) == "#####")
        #expect(Format.bar(.max, of: 1, width: 5, glyphs: .ascii) == "#####")
        #expect(Format.bar(.min, of: 100, width: 5, glyphs: .ascii) == ".....")
        #expect(Format.bar(5, of: .min, width: 5, glyphs: .ascii) == ".....")
        #expect(Format.bar(1, of: .max, width: 5, glyphs: .ascii) == "#....")
        #expect(Format.bar(3, of: 4, width: -3, glyphs: .ascii) == "")
        #expect(Format.clock(Date(timeIntervalSince1970: -1)) == "23:59:59")
        #expect(Format.clock(Date(timeIntervalSince1970: 1e300)).count == 8)
    }

    @Test func nanSortsLowestAndEqualsItself() {
        #expect(SortKey.number(.nan) == SortKey.number(.nan))
        #expect(SortKey.number(.nan) < SortKey.number(-1e300))
        #expect(!(SortKey.number(.nan) < SortKey.number(.nan)))
        let keys: [SortKey] = [.number(3), .number(.nan), .number(-.infinity), .number(1)]
        #expect(keys.sorted().suffix(2) == [.number(1), .number(3)])
        #expect(keys.sorted().prefix(2).allSatisfy { $0 < .number(1) })
    }
}
