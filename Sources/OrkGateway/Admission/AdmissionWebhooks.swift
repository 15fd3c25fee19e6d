import OrkKatalog
import OrkStats
import OrkTemplate

/// `/validate` and `/mutate`: the Katalog's validation and mutation rules as admission webhooks.
///
/// * Validate: deny rules that fail refuse the request (HTTP 400-style denial, one
///   `[namespace/name] field: message` per rule, joined by `; `, with structured causes); warn
///   rules become response warnings. With `mutateFirst`, the object is mutated first, so rules see
///   the defaults whatever order the API server calls the webhooks in.
/// * Mutate: defaults and overrides as a JSONPatch; no change ⇒ no patch. A rule that cannot be
///   applied allows the request unchanged with a warning (fail-open), never an error.
///
/// Requests for resources the Katalog does not declare, and DELETE/CONNECT, are allowed untouched.
///
/// Every review has one `EvaluationBudget` (steps and time on `clock`), below the webhook timeout.
/// When it runs out the review answers as the API server would if the webhook had not answered:
/// `failurePolicy: Fail` denies with a message saying so, `Ignore` allows with a warning (and, for
/// mutation, without a patch); deny rules already violated before it ran out still deny. Counted
/// as `overBudget` in the stats.
public struct AdmissionWebhooks: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStatsRecorder
    public let budget: EvaluationBudget
    let clock: any MonotonicClock
    let evaluator: RuleEvaluator

    public init(index: KatalogIndex, stats: GatewayStatsRecorder, budget: EvaluationBudget = .admission,
                clock: any MonotonicClock = ContinuousMonotonicClock()) {
        self.index = index
        self.stats = stats
        self.budget = budget
        self.clock = clock
        self.evaluator = RuleEvaluator(templates: TemplateCache())
    }

    var failurePolicy: FailurePolicy { index.katalog.security.admissionFailurePolicy }

    /// The answer for a review whose budget ran out, per the failurePolicy.
    func overBudget(_ request: AdmissionRequest, _ meter: EvaluationMeter, webhook: String, warnings: [String]) -> AdmissionResponse {
        let what = "orkestra: the \(webhook) rules for \(request.objectLabel) did not finish within the evaluation budget "
            + "(\(meter.exhaustionReason))"
        switch failurePolicy {
        case .fail:
            var denial = AdmissionResponse.deny(code: 500, reason: "InternalError",
                                                message: what + "; failurePolicy Fail denies the request. Simplify the rules or shorten the object.")
            denial.warnings = warnings
            return denial
        case .ignore:
            return .allow(warnings: warnings + [what + "; failurePolicy Ignore lets it through unchecked"])
        }
    }

    public func validate(_ request: AdmissionRequest) -> AdmissionResponse {
        guard let entry = index.entry(group: request.group, resource: request.resource),
              request.operation == "CREATE" || request.operation == "UPDATE",
              var object = request.object else { return .allow() }
        let start = clock.now()
        let meter = EvaluationMeter(budget: budget, clock: clock)
        let evaluator = self.evaluator.metered(by: meter)
        var warnings: [String] = []
        if entry.mutation.mutateFirst, !entry.mutation.rules.isEmpty {
            do {
                object = try evaluator.mutate(entry.mutation.rules, object: object, context: .admission).object
            } catch {
                if error.kind != .budget { warnings.append("orkestra: mutation before validation skipped: \(error.description)") }
            }
        }
        var report = ValidationReport()
        if meter.isExhausted {
            report.budgetExhausted = true
        } else {
            report = evaluator.validate(entry.validation, object: object, context: .admission)
        }
        warnings += report.warnings.map { "orkestra: \($0.field): \($0.message)" }
        let response: AdmissionResponse
        if report.budgetExhausted, report.allowed {
            response = overBudget(request, meter, webhook: "validation", warnings: warnings)
        } else if report.allowed {
            response = .allow(warnings: warnings)
        } else {
            let label = request.objectLabel
            let message = report.denials.map { "\(label) \($0.field): \($0.message)" }.joined(separator: "; ")
            // No `reason`: with reason Invalid kubectl prints only the causes ("The request is
            // invalid: …") and drops the object name; without it users see the whole message.
            var denial = AdmissionResponse.deny(code: 400, reason: nil, message: message,
                                                causes: report.denials.map { .init(field: $0.field, message: $0.message) })
            denial.warnings = warnings
            if report.budgetExhausted {
                // The denials found are certain; the rules after them were not evaluated.
                denial.warnings.append("orkestra: evaluation stopped at the budget (\(meter.exhaustionReason)); later rules were not evaluated")
            }
            response = denial
        }
        let elapsed = clock.now() - start
        stats.record(entry.key, .validation(allowed: response.allowed, warned: !report.warnings.isEmpty,
                                            overBudget: report.budgetExhausted), elapsed: elapsed)
        return response
    }

    public func mutate(_ request: AdmissionRequest) -> AdmissionResponse {
        guard let entry = index.entry(group: request.group, resource: request.resource), !entry.mutation.rules.isEmpty,
              request.operation == "CREATE" || request.operation == "UPDATE",
              let object = request.object else { return .allow() }
        let start = clock.now()
        let meter = EvaluationMeter(budget: budget, clock: clock)
        var response = AdmissionResponse.allow()
        var exhausted = false
        do {
            let result = try evaluator.metered(by: meter).mutate(entry.mutation.rules, object: object, context: .admission)
            response.patch = result.jsonPatch
        } catch {
            if error.kind == .budget || meter.isExhausted {
                exhausted = true
                response = overBudget(request, meter, webhook: "mutation", warnings: [])
            } else {
                response.warnings = ["orkestra: mutation skipped: \(error.description)"]
            }
        }
        let patched = !response.patch.isEmpty
        let elapsed = clock.now() - start
        stats.record(entry.key, .mutation(patched: patched, overBudget: exhausted), elapsed: elapsed)
        return response
    }
}
