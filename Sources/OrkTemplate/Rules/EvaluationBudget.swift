import OrkValue
import Synchronization

/// How much work evaluating one object's rules may take in total: rules × items × regex steps,
/// measured as evaluation steps (each condition costs one step plus the size of the value it looks
/// at: the UTF-8 bytes a regex or string test scans, the elements of a list or map) and as time
/// on a `MonotonicClock`. The admission webhooks give every review one budget below the webhook's
/// `timeoutSeconds` (5 s), so an answer is always sent in time and follows the `failurePolicy`.
public struct EvaluationBudget: Sendable, Hashable {
    public var maximumSteps: Int
    public var maximumDuration: Duration

    public init(maximumSteps: Int, maximumDuration: Duration) {
        self.maximumSteps = maximumSteps
        self.maximumDuration = maximumDuration
    }

    /// One admission review: 64 Mi steps or 2 s, whichever comes first (the webhook times out at 5 s).
    public static let admission = EvaluationBudget(maximumSteps: 64 << 20, maximumDuration: .seconds(2))

    /// One reconcile of one CR (its validation, mutation, children's and status fields' conditions):
    /// 64 Mi steps or 5 s, so that a CR written to be expensive costs one worker seconds, not minutes.
    public static let reconcile = EvaluationBudget(maximumSteps: 64 << 20, maximumDuration: .seconds(5))
}

/// The budget of one evaluation being spent. Shared by reference with the `RuleEvaluator` that
/// charges it (`RuleEvaluator.metered(by:)`); once exhausted it stays exhausted.
public final class EvaluationMeter: Sendable {
    public let budget: EvaluationBudget
    let clock: any MonotonicClock
    let deadline: Duration
    private let state = Mutex<(steps: Int, exhausted: Bool)>((0, false))

    public init(budget: EvaluationBudget, clock: any MonotonicClock = ContinuousMonotonicClock()) {
        self.budget = budget
        self.clock = clock
        self.deadline = clock.now() + budget.maximumDuration
    }

    /// Steps charged so far.
    public var steps: Int { state.withLock { $0.steps } }

    /// Whether the step or the time budget is spent (reads the clock).
    public var isExhausted: Bool {
        if state.withLock({ $0.exhausted }) { return true }
        guard clock.now() >= deadline else { return false }
        state.withLock { $0.exhausted = true }
        return true
    }

    /// Charges `steps` (saturating); true while the budget holds.
    @discardableResult
    public func charge(_ steps: Int) -> Bool {
        let within = state.withLock { state -> Bool in
            let (sum, overflow) = state.steps.addingReportingOverflow(max(0, steps))
            state.steps = overflow ? Int.max : sum
            if state.steps > budget.maximumSteps { state.exhausted = true }
            return !state.exhausted
        }
        return within && !isExhausted
    }

    /// What one condition looking at `value` costs: one step plus its size.
    static func cost(of value: JSONValue?) -> Int {
        switch value {
        case .string(let text)?: return 1 + text.utf8.count
        case .array(let items)?: return 1 + items.count
        case .object(let fields)?: return 1 + fields.count
        default: return 1
        }
    }

    /// Why evaluation stopped, for messages.
    public var exhaustionReason: String {
        let steps = self.steps
        if steps > budget.maximumSteps { return "more than \(budget.maximumSteps) evaluation steps" }
        return "more than \(budget.maximumDuration) of evaluation (\(steps) steps)"
    }
}
