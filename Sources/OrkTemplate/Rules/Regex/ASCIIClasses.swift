/// The ASCII-only classes of RE2: Perl's `\d \s \w` and the POSIX `[[:alpha:]]` family.
enum ASCIIClasses {
    /// `\d`, `\s`, `\w` (by their letter, lower case); RE2's `\s` has no vertical tab.
    static func perl(_ letter: Unicode.Scalar) -> ScalarRanges? {
        switch letter {
        case "d": return ScalarRanges([0x30...0x39])
        case "s": return ScalarRanges([0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
        case "w": return word
        default: return nil
        }
    }

    /// `\b` and `\B` look at these.
    static let word = ScalarRanges([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])

    /// `[:name:]` (the name without brackets, colons or `^`).
    static func posix(_ name: String) -> ScalarRanges? {
        switch name {
        case "alnum": return ScalarRanges([0x30...0x39, 0x41...0x5A, 0x61...0x7A])
        case "alpha": return ScalarRanges([0x41...0x5A, 0x61...0x7A])
        case "ascii": return ScalarRanges([0x00...0x7F])
        case "blank": return ScalarRanges([0x09...0x09, 0x20...0x20])
        case "cntrl": return ScalarRanges([0x00...0x1F, 0x7F...0x7F])
        case "digit": return ScalarRanges([0x30...0x39])
        case "graph": return ScalarRanges([0x21...0x7E])
        case "lower": return ScalarRanges([0x61...0x7A])
        case "print": return ScalarRanges([0x20...0x7E])
        case "punct": return ScalarRanges([0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E])
        case "space": return ScalarRanges([0x09...0x0D, 0x20...0x20])
        case "upper": return ScalarRanges([0x41...0x5A])
        case "word": return word
        case "xdigit": return ScalarRanges([0x30...0x39, 0x41...0x46, 0x61...0x66])
        default: return nil
        }
    }

    static func isWord(_ codePoint: UInt32?) -> Bool {
        guard let codePoint else { return false }
        return word.contains(codePoint)
    }
}
