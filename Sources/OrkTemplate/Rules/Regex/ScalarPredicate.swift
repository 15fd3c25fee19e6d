/// Which code points a character class matches, kept symbolic so that large classes (`\pL`, `\P{Greek}`,
/// a negated class) need no table of every code point. Classes nest only a few levels deep.
indirect enum ScalarPredicate: Sendable {
    case ranges(ScalarRanges)
    /// The code points whose Unicode general category is in the mask.
    case categories(GeneralCategoryMask)
    case union([ScalarPredicate])
    case complement(ScalarPredicate)
    /// The predicate or any code point equivalent to it under simple case folding, as RE2 folds a class
    /// under `(?i)` (before negating it).
    case caseFolded(ScalarPredicate)

    static let everything = ScalarPredicate.ranges(ScalarRanges([0...ScalarRanges.maximumCodePoint]))

    func contains(_ codePoint: UInt32) -> Bool {
        switch self {
        case .ranges(let ranges):
            return ranges.contains(codePoint)
        case .categories(let mask):
            guard let scalar = Unicode.Scalar(codePoint) else { return mask.contains(.surrogate) }
            return mask.contains(scalar.properties.generalCategory)
        case .union(let members):
            return members.contains { $0.contains(codePoint) }
        case .complement(let predicate):
            return !predicate.contains(codePoint)
        case .caseFolded(let predicate):
            return CaseFoldOrbits.orbitContains(codePoint) { predicate.contains($0) }
        }
    }
}

/// A class ready for matching: its predicate, with the answers for ASCII precomputed as a bitmap.
struct ScalarClass: Sendable {
    let predicate: ScalarPredicate
    private let asciiLow: UInt64
    private let asciiHigh: UInt64

    init(_ predicate: ScalarPredicate) {
        self.predicate = predicate
        var low: UInt64 = 0
        var high: UInt64 = 0
        for codePoint in UInt32(0)..<64 where predicate.contains(codePoint) {
            low |= 1 << UInt64(codePoint)
        }
        for codePoint in UInt32(64)..<128 where predicate.contains(codePoint) {
            high |= 1 << UInt64(codePoint - 64)
        }
        asciiLow = low
        asciiHigh = high
    }

    func contains(_ codePoint: UInt32) -> Bool {
        if codePoint < 64 { return asciiLow & (1 << UInt64(codePoint)) != 0 }
        if codePoint < 128 { return asciiHigh & (1 << UInt64(codePoint - 64)) != 0 }
        return predicate.contains(codePoint)
    }
}
