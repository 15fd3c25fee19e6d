/// Which code points a character class matches, kept symbolic so that large classes (`\pL`, `\P{Greek}`,
/// a negated class) need no table of every code point. Classes nest only a few levels deep.
indirect enum ScalarPredicate: Sendable, Hashable {
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

    /// How many leaves (ranges and category sets) the predicate tests in the worst case, counted
    /// without recursion.
    var leafCount: Int {
        var count = 0
        var pending = [self]
        while let predicate = pending.popLast() {
            switch predicate {
            case .ranges, .categories: count += 1
            case .union(let members): pending.append(contentsOf: members)
            case .complement(let inner), .caseFolded(let inner): pending.append(inner)
            }
        }
        return count
    }
}
