import OrkValue

/// The Go original's documented environment that Orkestra for Swift does not take, each with why
/// and what to use instead. Set, it stops `ork run` or `ork-gateway` with that message instead of
/// being silently ignored (a user moving a chart over learns at once what does not carry over).
public struct UnsupportedVariable: Sendable, Hashable {
    public var name: String
    public var reason: String

    public init(_ name: String, _ reason: String) {
        self.name = name
        self.reason = reason
    }

    /// The message for the first variable of `table` that `environment` sets (non-empty), if any.
    public static func firstSet(in environment: [String: String], of table: [UnsupportedVariable]) -> String? {
        for variable in table {
            guard let value = environment[variable.name], !value.trimmingSpacesAndTabs().isEmpty else { continue }
            return "\(variable.name) is not supported: \(variable.reason)"
        }
        return nil
    }

    static let admission = UnsupportedVariable(
        "ENABLE_ADMISSION_WEBHOOK", "the Katalog decides: set spec.security.webhooks.admission.enabled")
    static let conversion = UnsupportedVariable(
        "ENABLE_CONVERSION", "the Katalog decides: set spec.security.conversion.enabled")
    static let conversionWindow = UnsupportedVariable(
        "CONVERSION_WINDOW", "conversion latency is kept in fixed histogram buckets over every request, not a window of samples")

    /// What `ork run` refuses.
    public static let runtime: [UnsupportedVariable] = [
        admission, conversion, conversionWindow,
        UnsupportedVariable("ORK_ENV", "the Katalog carries its environment; template values come from the Katalog and the CR"),
        UnsupportedVariable("SRV_READ_TIMEOUT",
                            "the API's deadlines are fixed: 10 s for a request head, 30 s for a body, 120 s idle (docs/api.md, Limits)"),
        UnsupportedVariable("SRV_WRITE_TIMEOUT",
                            "the API's deadlines are fixed: 10 s for a request head, 30 s for a body, 120 s idle (docs/api.md, Limits)"),
    ]

    /// What `ork-gateway` refuses.
    public static let gateway: [UnsupportedVariable] = [
        admission, conversion, conversionWindow,
        UnsupportedVariable("WEBHOOK_CONTROLLER_SYNC_INTERVAL",
                            "the registrar watches its webhook configurations and repairs a change when it happens, with no interval"),
    ]
}
