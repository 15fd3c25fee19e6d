import OrkStats

/// What one webhook request decided, as the stats and `/metrics` count it.
public enum WebhookOutcome: Sendable, Hashable {
    /// `warned`: allowed with at least one warning; `overBudget`: the evaluation budget ran out.
    case validation(allowed: Bool, warned: Bool, overBudget: Bool)
    case mutation(patched: Bool, overBudget: Bool)
    /// Per review (a review may carry several objects).
    case conversion(succeeded: Bool)
    case deletionProtection(denied: Bool)

    /// The `webhook` label of `/metrics`.
    var webhook: String {
        switch self {
        case .validation: "validation"
        case .mutation: "mutation"
        case .conversion: "conversion"
        case .deletionProtection: "deletion_protection"
        }
    }

    /// The `result` labels this outcome counts under (a warned or over-budget review counts twice).
    var results: [String] {
        switch self {
        case .validation(let allowed, let warned, let overBudget):
            [allowed ? "allowed" : "denied"] + (allowed && warned ? ["warned"] : []) + (overBudget ? ["over_budget"] : [])
        case .mutation(let patched, let overBudget):
            [patched ? "patched" : "unchanged"] + (overBudget ? ["over_budget"] : [])
        case .conversion(let succeeded): [succeeded ? "succeeded" : "failed"]
        case .deletionProtection(let denied): [denied ? "denied" : "allowed"]
        }
    }
}

extension WebhookCounters {
    /// Counts `outcome`, and `elapsed` in its webhook's latency (deletion protection has none).
    mutating func apply(_ outcome: WebhookOutcome, elapsed: Duration?) {
        switch outcome {
        case .validation(let allowed, let warned, let overBudget):
            if allowed {
                validation.allowed = validation.allowed.saturatingAdd(1)
                if warned { validation.warned = validation.warned.saturatingAdd(1) }
            } else {
                validation.denied = validation.denied.saturatingAdd(1)
            }
            if overBudget { validation.overBudget = validation.overBudget.saturatingAdd(1) }
            if let elapsed { validation.latency.record(elapsed) }
        case .mutation(let patched, let overBudget):
            if patched { mutation.patched = mutation.patched.saturatingAdd(1) }
            else { mutation.unchanged = mutation.unchanged.saturatingAdd(1) }
            if overBudget { mutation.overBudget = mutation.overBudget.saturatingAdd(1) }
            if let elapsed { mutation.latency.record(elapsed) }
        case .conversion(let succeeded):
            if succeeded { conversion.succeeded = conversion.succeeded.saturatingAdd(1) }
            else { conversion.failed = conversion.failed.saturatingAdd(1) }
            if let elapsed { conversion.latency.record(elapsed) }
        case .deletionProtection(let denied):
            if denied { deletionProtection.denied = deletionProtection.denied.saturatingAdd(1) }
            else { deletionProtection.allowed = deletionProtection.allowed.saturatingAdd(1) }
        }
    }
}
