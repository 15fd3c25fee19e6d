import OrkValue

/// Where rules are being evaluated, and any extra data templates and condition paths may read.
///
/// Validation and mutation rules with `fires: {reconcile: false}` are skipped in the `.reconcile` phase.
public struct EvaluationContext: Sendable, Hashable {
    /// The moment rules run: in the admission webhook, or inside a reconcile.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        case admission, reconcile
    }

    public var phase: Phase
    /// Extra top-level keys (for example `health`, `children`, `request`) layered next to the object's
    /// own keys to form the data that conditions and templates see. The object's own keys win.
    public var extraData: [String: JSONValue]

    public init(phase: Phase, extraData: [String: JSONValue] = [:]) {
        self.phase = phase
        self.extraData = extraData
    }

    /// Admission phase, no extra data.
    public static let admission = EvaluationContext(phase: .admission)
    /// Reconcile phase, no extra data.
    public static let reconcile = EvaluationContext(phase: .reconcile)

    /// The document conditions and templates are evaluated against for `object`.
    public func data(for object: JSONValue) -> JSONValue {
        guard !extraData.isEmpty, case .object(var fields) = object else { return object }
        for (key, value) in extraData where fields[key] == nil {
            fields[key] = value
        }
        return .object(fields)
    }
}
