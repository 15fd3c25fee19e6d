/// A set of Unicode code points as sorted, disjoint, non-adjacent closed ranges. Code points are
/// `UInt32` so that a pattern may name a surrogate (`\x{D800}`), which simply never matches.
struct ScalarRanges: Sendable, Hashable {
    /// The largest code point (U+10FFFF).
    static let maximumCodePoint: UInt32 = 0x10_FFFF

    private(set) var ranges: [ClosedRange<UInt32>]

    /// Sorts and merges `ranges`; overlapping or touching ranges become one.
    init(_ ranges: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound - last.upperBound == 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    init(scalars: [UInt32]) {
        self.init(scalars.map { $0...$0 })
    }

    var isEmpty: Bool { ranges.isEmpty }

    func union(_ other: ScalarRanges) -> ScalarRanges { ScalarRanges(ranges + other.ranges) }

    /// The code points up to `maximumCodePoint` not in the set.
    var complement: ScalarRanges {
        var gaps: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            guard range.upperBound < ScalarRanges.maximumCodePoint else { return ScalarRanges(gaps) }
            next = range.upperBound + 1
        }
        gaps.append(next...ScalarRanges.maximumCodePoint)
        return ScalarRanges(gaps)
    }

    /// Binary search over the ranges.
    func contains(_ codePoint: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = low + (high - low) / 2
            let range = ranges[middle]
            if codePoint < range.lowerBound {
                high = middle
            } else if codePoint > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
