import OrkValue

/// One problem found in a Katalog: where, in which CRD and field, what is wrong and how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    public var position: SourcePosition?
    /// The Katalog key of the CRD the problem belongs to, when it belongs to one.
    public var crd: String?
    /// The field path, e.g. `spec.crds.website.operatorBox.reconciler.workers`.
    public var field: String
    public var message: String
    public var hint: String?

    public init(
        _ severity: Severity, at position: SourcePosition?, crd: String? = nil, field: String,
        message: String, hint: String? = nil
    ) {
        self.severity = severity
        self.position = position
        self.crd = crd
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: field: message (hint)`.
    public var description: String {
        var text = ""
        if let position { text += "\(position): " }
        text += "\(severity.rawValue): "
        if !field.isEmpty { text += "\(field): " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }
}
