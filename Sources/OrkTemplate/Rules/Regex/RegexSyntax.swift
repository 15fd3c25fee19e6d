/// One node of a parsed pattern. Flags are already applied (`(?i)` folded literals and classes, `(?s)`
/// chose the dot, `(?m)` chose the anchors) and groups are gone: a search only answers whether there
/// is a match, so captures, greediness and `(?U)` change nothing. Children are indexes into the
/// `RegexSyntaxTree`'s nodes.
enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    case scalar(UInt32)
    case scalarClass(ScalarClass)
    case anyScalar
    case anyScalarExceptNewline
    case assertion(RegexAssertion)
    case concatenation([Int])
    case alternation([Int])
    /// `maximum` nil: unbounded.
    case repetition(Int, minimum: Int, maximum: Int?)
}

/// The empty-width assertions, with RE2's meaning.
enum RegexAssertion: Sendable, Hashable {
    /// `\A`, and `^` without `(?m)`.
    case beginText
    /// `\z`, and `$` without `(?m)` (RE2's `$` does not match before a final newline).
    case endText
    /// `^` with `(?m)`: at the start or after `\n`.
    case beginLine
    /// `$` with `(?m)`: at the end or before `\n`.
    case endLine
    /// `\b`: between an ASCII word character (`[0-9A-Za-z_]`) and a non-word one or an edge.
    case wordBoundary
    /// `\B`.
    case notWordBoundary

    func holds(after previous: UInt32?, before next: UInt32?) -> Bool {
        switch self {
        case .beginText: return previous == nil
        case .endText: return next == nil
        case .beginLine: return previous == nil || previous == 0x0A
        case .endLine: return next == nil || next == 0x0A
        case .wordBoundary: return ASCIIClasses.isWord(previous) != ASCIIClasses.isWord(next)
        case .notWordBoundary: return ASCIIClasses.isWord(previous) == ASCIIClasses.isWord(next)
        }
    }
}

/// A parsed pattern as a flat list of nodes, children before parents, so that building, compiling and
/// releasing it never recurses (a pattern may nest a thousand levels deep). Each node's size, the
/// number of instructions it compiles to, is recorded with it.
struct RegexSyntaxTree: Sendable {
    private(set) var nodes: [RegexNode] = []
    private(set) var sizes: [Int] = []

    /// A node that compiles to one instruction (or none, for `.empty`).
    mutating func single(_ node: RegexNode) -> RegexTerm {
        if case .empty = node { return add(node, height: 1, size: 0, repeatWeight: 1) }
        return add(node, height: 1, size: 1, repeatWeight: 1)
    }

    mutating func concatenation(_ terms: [RegexTerm]) -> RegexTerm {
        guard terms.count != 1, let first = terms.first else { return terms.first ?? single(.empty) }
        return add(.concatenation(terms.map(\.node)),
                   height: 1 + terms.reduce(first.height) { max($0, $1.height) },
                   size: terms.reduce(0) { Saturating.add($0, $1.size) },
                   repeatWeight: terms.reduce(1) { max($0, $1.repeatWeight) })
    }

    /// `a|b|c` compiles to the alternatives plus a split and a jump between each two.
    mutating func alternation(_ terms: [RegexTerm]) -> RegexTerm {
        guard terms.count != 1, let first = terms.first else { return terms.first ?? single(.empty) }
        let bodies = terms.reduce(0) { Saturating.add($0, $1.size) }
        return add(.alternation(terms.map(\.node)),
                   height: 1 + terms.reduce(first.height) { max($0, $1.height) },
                   size: Saturating.add(bodies, Saturating.multiply(2, terms.count - 1)),
                   repeatWeight: terms.reduce(1) { max($0, $1.repeatWeight) })
    }

    /// `counted` for `{n,m}` (it counts toward the nested-count bound), not for `*`, `+`, `?`.
    /// `minimum <= maximum` (the parser checked).
    mutating func repetition(_ term: RegexTerm, minimum: Int, maximum: Int?, counted: Bool) -> RegexTerm {
        let body = term.size
        let size: Int
        if let maximum {
            // The required copies, then each optional copy behind a split.
            size = Saturating.add(Saturating.multiply(minimum, body),
                                  Saturating.multiply(max(0, maximum - minimum), Saturating.add(body, 1)))
        } else if minimum == 0 {
            size = Saturating.add(body, 2)
        } else {
            size = Saturating.add(Saturating.multiply(minimum, body), 1)
        }
        var weight = term.repeatWeight
        if counted {
            // Like Go's repeatIsValid: an unbounded count weighs its minimum, and a count of zero hides
            // what it repeats.
            let factor = maximum ?? minimum
            weight = factor == 0 ? 1 : Saturating.multiply(factor, term.repeatWeight)
        }
        // A body that compiles to nothing matches only the empty string, and so does any repetition of
        // it: `(?:){1000}` is one empty node, not a thousand copies of nothing for the compiler to place.
        guard body > 0 else { return add(.empty, height: term.height + 1, size: 0, repeatWeight: weight) }
        return add(.repetition(term.node, minimum: minimum, maximum: maximum),
                   height: term.height + 1, size: size, repeatWeight: weight)
    }

    private mutating func add(_ node: RegexNode, height: Int, size: Int, repeatWeight: Int) -> RegexTerm {
        nodes.append(node)
        sizes.append(size)
        return RegexTerm(node: nodes.count - 1, height: height, size: size, repeatWeight: repeatWeight)
    }
}

/// A node of a `RegexSyntaxTree` with what the limits look at, computed as the tree is built bottom-up
/// so that no check has to walk a tree that is already too big.
struct RegexTerm: Sendable {
    /// The node's index in the tree.
    let node: Int
    /// Levels of the tree below and including the node.
    let height: Int
    /// Instructions the node compiles to (saturating).
    let size: Int
    /// The largest product of nested counted-repetition counts inside, which RE2 bounds by 1000.
    let repeatWeight: Int
}

/// Arithmetic on sizes and counts taken from a pattern: never traps, stops at `Int.max`.
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }
}
