/// A set of Unicode general categories, one bit each, for `\pL`, `\p{Lu}` and their relatives.
struct GeneralCategoryMask: Sendable, Hashable {
    let bits: UInt32

    init(_ categories: [Unicode.GeneralCategory]) {
        bits = categories.reduce(0) { $0 | GeneralCategoryMask.bit(for: $1) }
    }

    private init(bits: UInt32) {
        self.bits = bits & GeneralCategoryMask.allBits
    }

    /// Every category (the 30 bits below).
    private static let allBits: UInt32 = (1 << 30) - 1

    static let none = GeneralCategoryMask([])

    var isEmpty: Bool { bits == 0 }

    /// The other categories: general categories partition the code points (a code point that is no
    /// scalar counts as a surrogate), so this is the complement of the set of code points.
    var inverted: GeneralCategoryMask { GeneralCategoryMask(bits: ~bits) }

    func union(_ other: GeneralCategoryMask) -> GeneralCategoryMask { GeneralCategoryMask(bits: bits | other.bits) }

    /// Whether the category of `codePoint` is in the mask (a code point that is no scalar is a surrogate).
    func contains(codePoint: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(codePoint) else { return contains(.surrogate) }
        return contains(scalar.properties.generalCategory)
    }

    func contains(_ category: Unicode.GeneralCategory) -> Bool {
        bits & GeneralCategoryMask.bit(for: category) != 0
    }

    private static func bit(for category: Unicode.GeneralCategory) -> UInt32 {
        switch category {
        case .uppercaseLetter: return 1 << 0
        case .lowercaseLetter: return 1 << 1
        case .titlecaseLetter: return 1 << 2
        case .modifierLetter: return 1 << 3
        case .otherLetter: return 1 << 4
        case .nonspacingMark: return 1 << 5
        case .spacingMark: return 1 << 6
        case .enclosingMark: return 1 << 7
        case .decimalNumber: return 1 << 8
        case .letterNumber: return 1 << 9
        case .otherNumber: return 1 << 10
        case .connectorPunctuation: return 1 << 11
        case .dashPunctuation: return 1 << 12
        case .openPunctuation: return 1 << 13
        case .closePunctuation: return 1 << 14
        case .initialPunctuation: return 1 << 15
        case .finalPunctuation: return 1 << 16
        case .otherPunctuation: return 1 << 17
        case .mathSymbol: return 1 << 18
        case .currencySymbol: return 1 << 19
        case .modifierSymbol: return 1 << 20
        case .otherSymbol: return 1 << 21
        case .spaceSeparator: return 1 << 22
        case .lineSeparator: return 1 << 23
        case .paragraphSeparator: return 1 << 24
        case .control: return 1 << 25
        case .format: return 1 << 26
        case .surrogate: return 1 << 27
        case .privateUse: return 1 << 28
        case .unassigned: return 1 << 29
        @unknown default: return 1 << 29
        }
    }
}
