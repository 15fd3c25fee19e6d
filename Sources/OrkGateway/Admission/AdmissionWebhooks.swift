import OrkCore

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
public struct AdmissionWebhooks: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStats
    let evaluator: RuleEvaluator

    public init(index: KatalogIndex, stats: GatewayStats) {
        self.index = index
        self.stats = stats
        self.evaluator = RuleEvaluator(templates: TemplateCache())
    }

    public func validate(_ request: AdmissionRequest) -> AdmissionResponse {
        guard let entry = index.entry(group: request.group, resource: request.resource),
              request.operation == "CREATE" || request.operation == "UPDATE",
              var object = request.object else { return .allow() }
        let clock = ContinuousClock()
        let start = clock.now
        var warnings: [String] = []
        if entry.mutation.mutateFirst, !entry.mutation.rules.isEmpty {
            do {
                object = try evaluator.mutate(entry.mutation.rules, object: object, context: .admission).object
            } catch {
                warnings.append("orkestra: mutation before validation skipped: \(error.description)")
            }
        }
        let report = evaluator.validate(entry.validation, object: object, context: .admission)
        warnings += report.warnings.map { "orkestra: \($0.field): \($0.message)" }
        let response: AdmissionResponse
        if report.allowed {
            response = .allow(warnings: warnings)
        } else {
            let label = request.objectLabel
            let message = report.denials.map { "\(label) \($0.field): \($0.message)" }.joined(separator: "; ")
            // No `reason`: with reason Invalid kubectl prints only the causes ("The request is
            // invalid: …") and drops the object name; without it users see the whole message.
            var denial = AdmissionResponse.deny(code: 400, reason: nil, message: message,
                                                causes: report.denials.map { .init(field: $0.field, message: $0.message) })
            denial.warnings = warnings
            response = denial
        }
        let elapsed = clock.now - start
        stats.record(entry.key) { counters in
            if response.allowed {
                counters.validation.allowed = counters.validation.allowed.saturatingAdd(1)
                if !report.warnings.isEmpty { counters.validation.warned = counters.validation.warned.saturatingAdd(1) }
            } else {
                counters.validation.denied = counters.validation.denied.saturatingAdd(1)
            }
            counters.validation.latency.record(elapsed)
        }
        return response
    }

    public func mutate(_ request: AdmissionRequest) -> AdmissionResponse {
        guard let entry = index.entry(group: request.group, resource: request.resource), !entry.mutation.rules.isEmpty,
              request.operation == "CREATE" || request.operation == "UPDATE",
              let object = request.object else { return .allow() }
        let clock = ContinuousClock()
        let start = clock.now
        var response = AdmissionResponse.allow()
        do {
            let result = try evaluator.mutate(entry.mutation.rules, object: object, context: .admission)
            response.patch = result.jsonPatch
        } catch {
            response.warnings = ["orkestra: mutation skipped: \(error.description)"]
        }
        let patched = !response.patch.isEmpty
        let elapsed = clock.now - start
        stats.record(entry.key) { counters in
            if patched { counters.mutation.patched = counters.mutation.patched.saturatingAdd(1) }
            else { counters.mutation.unchanged = counters.mutation.unchanged.saturatingAdd(1) }
            counters.mutation.latency.record(elapsed)
        }
        return response
    }
}
