/// One instruction of a compiled pattern (Thompson's construction). Targets are instruction indexes.
enum RegexInstruction: Sendable {
    case scalar(UInt32)
    /// A scalar in `RegexProgram.classes[index]`.
    case scalarClass(Int)
    case anyScalar
    case anyScalarExceptNewline
    case assertion(RegexAssertion)
    /// Continue at both targets.
    case split(Int, Int)
    case jump(Int)
    case match

    /// The instruction with its targets moved by `delta` (for a copy of a compiled piece).
    func relocated(by delta: Int) -> RegexInstruction {
        switch self {
        case .split(let first, let second): return .split(first + delta, second + delta)
        case .jump(let target): return .jump(target + delta)
        default: return self
        }
    }
}

/// A compiled pattern: instructions from index 0 to a `.match`, and the classes they test.
struct RegexProgram: Sendable {
    let instructions: [RegexInstruction]
    let classes: [ScalarClass]
    /// Every match starts at the beginning of the text (`^…` without `(?m)`, `\A…`): the search need
    /// not start a thread anywhere else.
    let anchoredAtStart: Bool

    /// Checks the invariants the matcher relies on (every target and class index exists, and every
    /// instruction that continues has a next one), so that no index it follows is out of range.
    init?(instructions: [RegexInstruction], classes: [ScalarClass], anchoredAtStart: Bool) {
        let valid = instructions.indices
        for (index, instruction) in instructions.enumerated() {
            switch instruction {
            case .split(let first, let second):
                guard valid.contains(first), valid.contains(second) else { return nil }
            case .jump(let target):
                guard valid.contains(target) else { return nil }
            case .scalarClass(let classIndex):
                guard classes.indices.contains(classIndex), valid.contains(index + 1) else { return nil }
            case .scalar, .anyScalar, .anyScalarExceptNewline, .assertion:
                guard valid.contains(index + 1) else { return nil }
            case .match:
                break
            }
        }
        self.instructions = instructions
        self.classes = classes
        self.anchoredAtStart = anchoredAtStart
    }
}
