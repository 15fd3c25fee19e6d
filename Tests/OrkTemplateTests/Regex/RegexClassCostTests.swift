import Testing
@testable import OrkTemplate

/// Bracket classes are reduced to a fixed number of member tests when compiled, the matcher charges
/// each non-ASCII class test by that number.
@Suite struct RegexClassCostTests {
    /// Thousands of script and category members, and as many ranges.
    static let hostileClass = "[" + String(repeating: "\\p{Greek}\\p{Latin}\\p{Han}\\p{Cyrillic}\\pL\\p{Nd}", count: 2_000)
        + (0..<4_000).map { "\\x{\(String(0x3000 + $0 * 4, radix: 16))}-\\x{\(String(0x3001 + $0 * 4, radix: 16))}" }.joined()
        + "]"
    static let nonASCIIText = String(repeating: "ж語€", count: 1_000)

    @Test(arguments: ["", "(?i)"])
    func aHostileClassCostsFewTestsPerScalar(flags: String) throws {
        let program = try #require(RegexProbe.program(flags + Self.hostileClass + "z"))
        // Under (?i) the `z` is a class too: look at every class.
        let normalized = program.classes.filter { $0.isNormalized }.count
        let largestCost = program.classes.map { $0.cost }.max()
        #expect(normalized == program.classes.count)
        #expect(largestCost == (flags.isEmpty ? 1 : 2))
        let (result, steps) = RegexMatcher.searchCountingSteps(program, in: Self.nonASCIIText)
        #expect(try result.get() == false)
        // Two threads per position at most (the class and the `z`), each a handful of steps.
        #expect(steps <= 3_000 * 8, "\(steps) steps")
    }

    /// `\P{…}` members under `(?i)` are kept one per distinct property.
    @Test func repeatedNegatedFoldedPropertiesAreDeduplicated() throws {
        let pattern = "(?i)[" + String(repeating: "\\P{Greek}\\P{Lu}\\PL", count: 3_000) + "]"
        let program = try #require(RegexProbe.program(pattern))
        let scalarClass = try #require(program.classes.first)
        #expect(scalarClass.isNormalized)
        #expect(scalarClass.cost <= 4)
    }

    /// A class that has no normal form (not one the parser builds) is charged by its members, so the
    /// step limit bounds what it really costs.
    @Test func aClassWithoutNormalFormIsChargedPerMember() throws {
        let mixed = ScalarPredicate.complement(.union([.ranges(ScalarRanges([0x100...0x200])), .categories(GeneralCategoryMask([.otherLetter]))]))
        let predicate = ScalarPredicate.union(Array(repeating: mixed, count: 5_000))
        let scalarClass = ScalarClass(predicate)
        #expect(!scalarClass.isNormalized)
        #expect(scalarClass.cost == 10_000)
        let program = try #require(RegexProgram(instructions: [.scalarClass(0), .match], classes: [scalarClass],
                                                anchoredAtStart: false))
        let (result, steps) = RegexMatcher.searchCountingSteps(program, in: "語語語語語語語語語語語", stepLimit: 50_000)
        #expect(result == .failure(.tooManySteps(limit: 50_000)))
        #expect(steps <= 50_000 + 10_000 + RegexLimits.stopCheckInterval)
    }

    /// The normal form answers as the predicate does, for the shapes the parser builds (members that
    /// are negated, case-folded, or both, in a union that may be negated), on ASCII, cased and uncased
    /// scalars, surrogates and the last code point.
    @Test func theNormalFormAnswersAsThePredicate() throws {
        let greek = ScalarPredicate.ranges(try #require(UnicodeScriptTable.ranges(forLooseKey: "greek")))
        let letters = ScalarPredicate.categories(GeneralCategoryMask([.uppercaseLetter, .lowercaseLetter, .otherLetter]))
        let upper = ScalarPredicate.categories(GeneralCategoryMask([.uppercaseLetter]))
        let assigned = ScalarPredicate.complement(.categories(GeneralCategoryMask([.unassigned])))
        let literals = ScalarPredicate.ranges(ScalarRanges([0x6B...0x6B, 0xD800...0xDFFF, 0x30...0x39]))
        let members: [[ScalarPredicate]] = [
            [greek, letters], [.complement(greek), .complement(letters)], [.caseFolded(literals), .complement(.caseFolded(greek))],
            [.complement(.caseFolded(upper)), .caseFolded(assigned)], [.caseFolded(.complement(.caseFolded(upper)))],
            [.complement(.caseFolded(greek)), .complement(.caseFolded(greek)), literals], [.everything], [],
        ]
        let shapes = members.flatMap { [ScalarPredicate.union($0), .complement(.union($0))] }
        let probes: [UInt32] = Array(0..<0x600) + [0x1E9E, 0x2126, 0x212A, 0x3000, 0x4E00, 0xD800, 0xDFFF, 0x10400, 0x1F600, 0x10FFFF]
        for (number, shape) in shapes.enumerated() {
            let normal = try #require(NormalizedClass.normalizing(shape), "shape \(number)")
            let scalarClass = ScalarClass(shape)
            for codePoint in probes {
                #expect(normal.contains(codePoint) == shape.contains(codePoint), "shape \(number) U+\(String(codePoint, radix: 16))")
                #expect(scalarClass.contains(codePoint) == shape.contains(codePoint), "shape \(number) U+\(String(codePoint, radix: 16))")
            }
        }
    }
}
