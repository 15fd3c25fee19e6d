/// The code points that are equivalent under Unicode simple case folding, grouped in orbits
/// (`k`, `K` and the Kelvin sign `K`; `s`, `S` and the long `ſ`; `σ`, `ς` and `Σ`), as RE2 and Go
/// use them for `(?i)`.
///
/// Derived once, on first use, from the standard library's Unicode data: each code point is joined with
/// its one-scalar lower, upper and title case mappings, except the Turkic dotless `ı`, which simple
/// folding leaves alone (its uppercase `I` folds to `i`). Multi-scalar mappings (`ß` → `SS`, `İ` →
/// `i̇`) join nothing, as in simple folding. Every cased code point lies below U+20000. (This gives
/// exactly the orbits of Unicode 15.0's `CaseFolding.txt` statuses C and S.)
enum CaseFoldOrbits {
    /// Sorted code points that belong to an orbit of two or more, and the next member of each one's
    /// orbit (cyclically).
    private static let table: (members: [UInt32], next: [UInt32]) = build()

    /// The code points equivalent to `codePoint` under simple case folding, itself first.
    static func orbit(of codePoint: UInt32) -> [UInt32] {
        var orbit: [UInt32] = []
        _ = orbitContains(codePoint) { member in
            orbit.append(member)
            return false
        }
        return orbit
    }

    /// Whether `test` holds for `codePoint` or another member of its orbit (tried in that order, without
    /// allocating).
    static func orbitContains(_ codePoint: UInt32, where test: (UInt32) -> Bool) -> Bool {
        if test(codePoint) { return true }
        guard var index = index(of: codePoint) else { return false }
        let table = self.table
        // An orbit has a handful of members; the bound only guards against a malformed table.
        for _ in 0..<table.members.count {
            guard table.next.indices.contains(index) else { return false }
            let member = table.next[index]
            guard member != codePoint else { return false }
            if test(member) { return true }
            guard let nextIndex = self.index(of: member) else { return false }
            index = nextIndex
        }
        return false
    }

    /// The code points in an orbit of two or more (for tests and for folding whole ranges).
    static var foldableCodePoints: [UInt32] { table.members }

    private static func index(of codePoint: UInt32) -> Int? {
        let members = table.members
        var low = 0
        var high = members.count
        while low < high {
            let middle = low + (high - low) / 2
            let member = members[middle]
            if member == codePoint { return middle }
            if member < codePoint { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func build() -> (members: [UInt32], next: [UInt32]) {
        var parent: [UInt32: UInt32] = [:]
        func root(_ codePoint: UInt32) -> UInt32 {
            var current = codePoint
            while let up = parent[current], up != current { current = up }
            return current
        }
        func join(_ a: UInt32, _ b: UInt32) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let rootA = root(a)
            let rootB = root(b)
            if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
        }
        let dotlessI: UInt32 = 0x131
        for value in UInt32(0)..<0x2_0000 where value != dotlessI {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { continue }
            let properties = scalar.properties
            for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                let scalars = mapping.unicodeScalars
                guard scalars.count == 1, let mapped = scalars.first, mapped != scalar else { continue }
                join(value, mapped.value)
            }
        }
        var orbits: [UInt32: [UInt32]] = [:]
        for codePoint in parent.keys { orbits[root(codePoint), default: []].append(codePoint) }
        var successor: [UInt32: UInt32] = [:]
        for var orbit in orbits.values where orbit.count > 1 {
            orbit.sort()
            for (position, member) in orbit.enumerated() {
                successor[member] = orbit[(position + 1) % orbit.count]
            }
        }
        let members = successor.keys.sorted()
        return (members, members.map { successor[$0] ?? $0 })
    }
}
