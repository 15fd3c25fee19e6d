import FoundationEssentials
import OrkKatalog
import OrkValue

/// What a reconcile concluded, to be written to the CR's status.
struct StatusOutcome: Sendable {
    /// The generation the outcome is about (`observedGeneration`).
    var generation: Int?
    /// Deny messages (non-empty ⇒ `ValidationFailed=True`, `Ready=False`).
    var denials: [String] = []
    /// Warn messages (`ValidationWarning`).
    var warnings: [String] = []
    /// Whether the CRD has deny rules / warn rules (their conditions are written only then).
    var hasDenyRules = false
    var hasWarnRules = false
    /// A reconcile error (`Ready=False`, reason `ReconcileError`).
    var failure: String?
    /// Declared fields: a value to set, or nil to remove (`clearOnFalse`).
    var fields: [(path: String, value: JSONValue?)] = []
    /// `status.conditions` enabled in the Katalog.
    var writeConditions = true
}

/// Computes a CR's desired status from its current one and a reconcile's outcome, and the merge
/// patch between them. Pure: a status that would not change yields no patch, so steady state
/// costs no writes. Condition `lastTransitionTime` moves only when the condition's status changes.
enum StatusBuilder {
    static func desired(current: JSONValue?, outcome: StatusOutcome, now: String) -> JSONValue {
        var status: JSONValue = current.flatMap { $0.objectValue == nil ? nil : $0 } ?? .object([:])
        if let generation = outcome.generation {
            status = status.setting(.int(generation), at: ["observedGeneration"]) ?? status
        }
        for (path, value) in outcome.fields {
            let parts = JSONValue.splitPath(path)
            guard !parts.isEmpty else { continue }
            if let value {
                status = status.setting(value, at: parts[...]) ?? status
            } else {
                status = status.removing(at: parts[...])
            }
        }
        guard outcome.writeConditions else { return status }
        var conditions = status["conditions"]?.arrayValue ?? []
        func put(_ type: String, _ isTrue: Bool, _ reason: String, _ message: String) {
            var condition: [String: JSONValue] = [
                "type": .string(type), "status": .string(isTrue ? "True" : "False"),
                "reason": .string(reason), "message": .string(message), "lastTransitionTime": .string(now),
            ]
            if let generation = outcome.generation { condition["observedGeneration"] = .int(generation) }
            if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                if conditions[index]["status"] == condition["status"],
                   let since = conditions[index]["lastTransitionTime"] {
                    condition["lastTransitionTime"] = since
                }
                conditions[index] = .object(condition)
            } else {
                conditions.append(.object(condition))
            }
        }
        let denied = !outcome.denials.isEmpty
        if let failure = outcome.failure {
            put("Ready", false, "ReconcileError", failure)
        } else if denied {
            put("Ready", false, "ValidationFailed", outcome.denials.joined(separator: "; "))
        } else {
            put("Ready", true, "Reconciled", "all children are applied")
        }
        if outcome.hasDenyRules || denied {
            put("ValidationFailed", denied, denied ? "RuleDenied" : "RulesPassed", outcome.denials.joined(separator: "; "))
        }
        if outcome.hasWarnRules || !outcome.warnings.isEmpty {
            let warned = !outcome.warnings.isEmpty
            put("ValidationWarning", warned, warned ? "RuleWarned" : "NoWarnings", outcome.warnings.joined(separator: "; "))
        }
        status = status.setting(.array(conditions), at: ["conditions"]) ?? status
        return status
    }

    /// Coerces a rendered status value to the field's declared type.
    static func coerce(_ value: JSONValue, to type: StatusField.ValueType) -> JSONValue? {
        switch type {
        case .auto: return value
        case .string: return .string(value.plainText)
        case .int:
            if let i = value.intValue { return .int(i) }
            if let d = value.doubleValue, d.rounded() == d, abs(d) < 9e15 { return .int(Int(d)) }
            if case .string(let text) = value, let i = Int(text.trimmingSpacesAndTabs()) { return .int(i) }
            return nil
        case .float:
            if let d = value.doubleValue { return .double(d) }
            if case .string(let text) = value, let d = Double(text.trimmingSpacesAndTabs()) { return .double(d) }
            return nil
        case .bool:
            if case .bool = value { return value }
            switch value.plainText.trimmingSpacesAndTabs().lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        }
    }
}
