/// A position in a pattern's Unicode scalars. Every read is bounds-checked and answers nil past the
/// end, so no pattern can make the parser trap.
struct PatternCursor {
    private let scalars: [Unicode.Scalar]
    /// How many scalars have been consumed.
    private(set) var offset = 0

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    var isAtEnd: Bool { offset >= scalars.count }

    /// The scalar `ahead` places after the current one (0: the current one).
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        guard ahead >= 0, ahead < scalars.count - offset else { return nil }
        return scalars[offset + ahead]
    }

    /// Whether the unconsumed text starts with `prefix`.
    func startsWith(_ prefix: String) -> Bool {
        var ahead = 0
        for scalar in prefix.unicodeScalars {
            guard peek(ahead) == scalar else { return false }
            ahead += 1
        }
        return true
    }

    /// Consumes one scalar and returns it (nil at the end).
    mutating func next() -> Unicode.Scalar? {
        guard let scalar = peek() else { return nil }
        offset += 1
        return scalar
    }

    mutating func advance(by count: Int = 1) {
        offset = min(scalars.count, offset + max(0, min(count, scalars.count)))
    }

    /// How many places ahead the first `scalar` at or after `ahead` is.
    func distance(to scalar: Unicode.Scalar, from ahead: Int = 0) -> Int? {
        var index = max(0, ahead)
        while let candidate = peek(index) {
            if candidate == scalar { return index }
            index += 1
        }
        return nil
    }

    /// The pattern text between two offsets (clamped), for messages.
    func text(from start: Int, to end: Int) -> String {
        let lower = max(0, min(start, scalars.count))
        let upper = max(lower, min(end, scalars.count))
        return String(String.UnicodeScalarView(scalars[lower..<upper]))
    }

    /// The text from `start` to the current position.
    func text(since start: Int) -> String {
        text(from: start, to: offset)
    }
}
