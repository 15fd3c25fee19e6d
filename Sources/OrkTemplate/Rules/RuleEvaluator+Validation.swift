import OrkValue

extension RuleEvaluator {
    /// Evaluates every rule against `object` (never stopping at the first violation) and reports all
    /// violations. A rule is skipped when it is admission-only and `context` is reconcile, or when its
    /// gate fails. It is violated when its check fails, and also — fail closed — when its check or gate
    /// cannot be evaluated; that violation's message says why.
    public func validate(_ rules: [ValidationRule], object: JSONValue, context: EvaluationContext) -> ValidationReport {
        var report = ValidationReport()
        let data = context.data(for: object)
        for (index, rule) in rules.enumerated() {
            if let meter, meter.isExhausted {
                report.budgetExhausted = true
                break
            }
            if context.phase == .reconcile && !rule.firesAtReconcile {
                report.skippedRules.append(index)
                continue
            }
            let failure: String?
            switch outcome(rule.gate, in: data) {
            case .fail:
                report.skippedRules.append(index)
                continue
            case .error(let reason):
                failure = "gate: \(reason)"
            case .pass:
                switch evaluate(rule.check, in: data) {
                case .pass: continue
                case .fail: failure = nil
                case .error(let reason): failure = reason
                }
            }
            // A rule cut short by the budget has no verdict: the report says the budget ran out instead.
            if failure != nil, let meter, meter.isExhausted {
                report.budgetExhausted = true
                break
            }
            var message = renderMessage(rule.message, data: data)
            if let failure { message = "rule could not be evaluated (\(failure)): \(message)" }
            let violation = ValidationViolation(
                ruleIndex: index, field: rule.check.field, action: rule.action, message: message,
                position: rule.position ?? rule.check.position, evaluationError: failure)
            switch rule.action {
            case .deny: report.denials.append(violation)
            case .warn: report.warnings.append(violation)
            }
        }
        return report
    }

    /// Renders a message template; on failure the raw message plus the reason.
    func renderMessage(_ message: String, data: JSONValue) -> String {
        guard message.contains("{{") else { return message }
        do {
            return try templates.evaluate(message, data: data).plainText
        } catch {
            return "\(message) (message template failed: \(error))"
        }
    }
}
