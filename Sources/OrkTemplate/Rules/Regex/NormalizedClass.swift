/// Code points in a set of ranges or in a set of general categories.
struct ClassPart: Sendable, Hashable {
    var ranges: ScalarRanges
    var categories: GeneralCategoryMask

    static let empty = ClassPart(ranges: ScalarRanges([]), categories: .none)

    var isEmpty: Bool { ranges.isEmpty && categories.isEmpty }

    func contains(_ codePoint: UInt32) -> Bool {
        ranges.contains(codePoint) || (!categories.isEmpty && categories.contains(codePoint: codePoint))
    }
}

/// A character class reduced, when it is compiled, to a fixed number of tests whatever its members:
/// every listed range, script and Perl or POSIX class merged into one sorted range set (binary search),
/// every `\p{category}` into one category mask, the same under `(?i)` (tested on the code point's
/// case-fold orbit), and the `\P{…}` members under `(?i)` as a deduplicated list (at most one entry per
/// property name). `[\p{Greek}\p{Latin}…]` repeated thousands of times costs what it costs once.
struct NormalizedClass: Sendable, Hashable {
    /// Tested on the code point itself.
    var plain = ClassPart.empty
    /// Tested on each member of the code point's case-fold orbit.
    var folded = ClassPart.empty
    /// Code points none of whose orbit members is in the part (`(?i)\P{Greek}`), one entry per part.
    var foldedComplements: [ClassPart] = []
    /// The class is the complement of the above.
    var negated = false

    /// Member tests one non-ASCII code point costs (the range set's binary search counted as one).
    var cost: Int { 1 + (folded.isEmpty ? 0 : 1) + foldedComplements.count }

    func contains(_ codePoint: UInt32) -> Bool {
        var found = plain.contains(codePoint)
        if !found, !folded.isEmpty {
            found = CaseFoldOrbits.orbitContains(codePoint) { folded.contains($0) }
        }
        if !found {
            found = foldedComplements.contains { part in !CaseFoldOrbits.orbitContains(codePoint) { part.contains($0) } }
        }
        return found != negated
    }

    /// The normal form of `predicate`, or nil for a shape the parser never builds (a negated union of
    /// several kinds inside another union or under case folding); the caller then keeps the predicate.
    /// Recursion follows the predicate's nesting, a few levels (classes do not nest in the syntax); the
    /// members of a union are handled in a loop.
    static func normalizing(_ predicate: ScalarPredicate) -> NormalizedClass? {
        switch predicate {
        case .ranges(let ranges):
            return NormalizedClass(plain: ClassPart(ranges: ranges, categories: .none))
        case .categories(let mask):
            return NormalizedClass(plain: ClassPart(ranges: ScalarRanges([]), categories: mask))
        case .union(let members):
            var plainRanges: [ClosedRange<UInt32>] = []
            var plainCategories = GeneralCategoryMask.none
            var foldedRanges: [ClosedRange<UInt32>] = []
            var foldedCategories = GeneralCategoryMask.none
            var complements: Set<ClassPart> = []
            for member in members {
                guard let normal = normalizing(member)?.positive else { return nil }
                plainRanges += normal.plain.ranges.ranges
                plainCategories = plainCategories.union(normal.plain.categories)
                foldedRanges += normal.folded.ranges.ranges
                foldedCategories = foldedCategories.union(normal.folded.categories)
                complements.formUnion(normal.foldedComplements)
            }
            return NormalizedClass(plain: ClassPart(ranges: ScalarRanges(plainRanges), categories: plainCategories),
                                   folded: ClassPart(ranges: ScalarRanges(foldedRanges), categories: foldedCategories),
                                   foldedComplements: ordered(complements))
        case .complement(let inner):
            guard var normal = normalizing(inner) else { return nil }
            normal.negated.toggle()
            return normal.positive ?? normal
        case .caseFolded(let inner):
            // Folding distributes over union; folded sets and their complements are already closed
            // under folding, so only the plain part moves.
            guard let normal = normalizing(inner)?.positive else { return nil }
            let folded = ClassPart(ranges: normal.plain.ranges.union(normal.folded.ranges),
                                   categories: normal.plain.categories.union(normal.folded.categories))
            return NormalizedClass(folded: folded, foldedComplements: normal.foldedComplements)
        }
    }

    /// The same class without `negated`, when one part alone is negated (or nothing is); nil otherwise.
    private var positive: NormalizedClass? {
        guard negated else { return self }
        let plainOnly = folded.isEmpty && foldedComplements.isEmpty
        if plainOnly && plain.categories.isEmpty {
            return NormalizedClass(plain: ClassPart(ranges: plain.ranges.complement, categories: .none))
        }
        if plainOnly && plain.ranges.isEmpty {
            return NormalizedClass(plain: ClassPart(ranges: ScalarRanges([]), categories: plain.categories.inverted))
        }
        if plain.isEmpty && foldedComplements.isEmpty {
            return NormalizedClass(foldedComplements: [folded])
        }
        if plain.isEmpty && folded.isEmpty, foldedComplements.count == 1, let only = foldedComplements.first {
            return NormalizedClass(folded: only)
        }
        return nil
    }

    /// A deterministic order for the deduplicated complements.
    private static func ordered(_ parts: Set<ClassPart>) -> [ClassPart] {
        parts.sorted { left, right in
            if left.categories.bits != right.categories.bits { return left.categories.bits < right.categories.bits }
            let leftFirst = left.ranges.ranges.first?.lowerBound ?? 0
            let rightFirst = right.ranges.ranges.first?.lowerBound ?? 0
            if leftFirst != rightFirst { return leftFirst < rightFirst }
            return left.ranges.ranges.count < right.ranges.ranges.count
        }
    }
}

/// A class ready for matching: its normal form (or, for a shape that has none, its predicate), with the
/// answers for ASCII precomputed as a bitmap, and what testing a non-ASCII code point costs, which the
/// matcher charges to its step count so that the step limit bounds real work.
struct ScalarClass: Sendable {
    private let normal: NormalizedClass?
    private let predicate: ScalarPredicate
    private let asciiLow: UInt64
    private let asciiHigh: UInt64
    /// Member tests per non-ASCII code point (at least 1).
    let cost: Int

    init(_ predicate: ScalarPredicate) {
        let normal = NormalizedClass.normalizing(predicate)
        self.normal = normal
        self.predicate = normal == nil ? predicate : .ranges(ScalarRanges([]))
        cost = max(1, normal?.cost ?? predicate.leafCount)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for codePoint in UInt32(0)..<128 {
            let member = normal?.contains(codePoint) ?? predicate.contains(codePoint)
            guard member else { continue }
            if codePoint < 64 { low |= 1 << UInt64(codePoint) } else { high |= 1 << UInt64(codePoint - 64) }
        }
        asciiLow = low
        asciiHigh = high
    }

    /// Whether the class was reduced to its normal form (for tests).
    var isNormalized: Bool { normal != nil }

    func contains(_ codePoint: UInt32) -> Bool {
        if codePoint < 64 { return asciiLow & (1 << UInt64(codePoint)) != 0 }
        if codePoint < 128 { return asciiHigh & (1 << UInt64(codePoint - 64)) != 0 }
        if let normal { return normal.contains(codePoint) }
        return predicate.contains(codePoint)
    }
}
