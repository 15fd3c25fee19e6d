/// The result of evaluating one condition (or a condition set) against a document.
///
/// `.error` means the condition could not be evaluated at all (a field template failed to render, the
/// regex is invalid, an operand is malformed). Callers decide what an error means: `passes` treats it
/// as "did not pass", validation treats it as a violation (fail closed).
public enum ConditionOutcome: Sendable, Hashable, CustomStringConvertible {
    case pass
    case fail
    case error(String)

    /// True only for `.pass`.
    public var passed: Bool { self == .pass }

    /// True for `.error`.
    public var isError: Bool { if case .error = self { return true } else { return false } }

    /// `.pass` for true, `.fail` for false.
    public init(_ passed: Bool) { self = passed ? .pass : .fail }

    /// Swaps pass and fail; an error stays an error.
    public var negated: ConditionOutcome {
        switch self {
        case .pass: return .fail
        case .fail: return .pass
        case .error: return self
        }
    }

    public var description: String {
        switch self {
        case .pass: return "pass"
        case .fail: return "fail"
        case .error(let reason): return "error: \(reason)"
        }
    }
}
