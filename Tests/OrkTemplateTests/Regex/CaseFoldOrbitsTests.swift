import Testing
@testable import OrkTemplate

/// The simple case folding orbits `(?i)` uses, and the Unicode tables behind `\p{…}`.
@Suite struct CaseFoldOrbitsTests {
    func orbit(_ scalar: Unicode.Scalar) -> Set<UInt32> {
        Set(CaseFoldOrbits.orbit(of: scalar.value))
    }

    @Test func knownOrbits() {
        #expect(orbit("k") == [0x6B, 0x4B, 0x212A])
        #expect(orbit("S") == [0x73, 0x53, 0x17F])
        #expect(orbit("ς") == [0x3C3, 0x3C2, 0x3A3])
        #expect(orbit("ι") == [0x3B9, 0x399, 0x345, 0x1FBE])
        #expect(orbit("ß") == [0xDF, 0x1E9E])
        #expect(orbit("ǅ") == [0x1C4, 0x1C5, 0x1C6])
        #expect(orbit("Ꭰ") == [0x13A0, 0xAB70])
        #expect(orbit("ı") == [0x131])
        #expect(orbit("İ") == [0x130])
        #expect(orbit("i") == [0x69, 0x49])
        #expect(orbit("1") == [0x31])
        #expect(CaseFoldOrbits.orbit(of: 0xD800) == [0xD800])
    }

    @Test func orbitsAreSymmetricAndStartWithTheCodePoint() {
        for codePoint in CaseFoldOrbits.foldableCodePoints {
            let members = CaseFoldOrbits.orbit(of: codePoint)
            #expect(members.first == codePoint)
            #expect(members.count >= 2 && members.count <= 4, "\(String(codePoint, radix: 16))")
            for member in members {
                #expect(Set(CaseFoldOrbits.orbit(of: member)) == Set(members))
            }
        }
    }

    /// The orbit table is built from the code points below U+20000; none above changes case.
    @Test func noCodePointAboveTheScannedPlanesHasACase() {
        var cased: [UInt32] = []
        for value in UInt32(0x2_0000)...ScalarRanges.maximumCodePoint {
            if let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped { cased.append(value) }
        }
        #expect(cased.isEmpty)
    }

    @Test func scriptsAndCategories() throws {
        let names = UnicodeScriptTable.names
        for name in ["Greek", "Latin", "Han", "Cyrillic", "Arabic", "Common", "Inherited", "Old_Italic"] {
            #expect(names.contains(name), "\(name)")
        }
        let greek = try #require(UnicodeScriptTable.ranges(forLooseKey: "greek"))
        #expect(greek.contains(0x3B1))
        #expect(!greek.contains(0x61))
        #expect(UnicodeScriptTable.ranges(forLooseKey: "klingon") == nil)
        #expect(UnicodeClassNames.looseKey("Old_Italic") == UnicodeClassNames.looseKey("old italic"))
        #expect(UnicodeClassNames.predicate(named: "L") != nil)
        #expect(UnicodeClassNames.predicate(named: "Lx") == nil)
    }

    @Test func rangesMergeAndSearch() {
        let ranges = ScalarRanges([10...20, 0...3, 4...5, 15...30, 40...40])
        #expect(ranges.ranges == [0...5, 10...30, 40...40])
        for (codePoint, inside) in [(0, true), (5, true), (6, false), (9, false), (10, true), (30, true), (31, false), (40, true), (41, false)] {
            #expect(ranges.contains(UInt32(codePoint)) == inside, "\(codePoint)")
        }
        #expect(!ScalarRanges([]).contains(0))
    }
}
