/// A Kubernetes webhook `failurePolicy`: what the API server does when the webhook cannot answer.
public enum FailurePolicy: String, Sendable, Hashable, CaseIterable {
    case ignore = "Ignore"
    case fail = "Fail"
}

/// `spec.security`: which webhooks the gateway serves and how they fail.
public struct SecuritySettings: Sendable, Hashable {
    /// Validating/mutating admission webhooks for the CRDs' rules (off unless enabled).
    public var admissionEnabled: Bool
    public var admissionFailurePolicy: FailurePolicy
    /// Deletion protection; nil when the block is absent (then it is off).
    public var deletionProtection: DeletionProtection?
    /// Conversion webhook for CRDs that declare conversion paths.
    public var conversionEnabled: Bool
    /// The namespace guard's webhook and global lists; nil when the block is absent (CRDs' own lists
    /// still keep the runtime out of other namespaces).
    public var namespaceProtection: NamespaceProtection?

    public init(admissionEnabled: Bool = false, admissionFailurePolicy: FailurePolicy = .ignore,
                deletionProtection: DeletionProtection? = nil, conversionEnabled: Bool = false,
                namespaceProtection: NamespaceProtection? = nil) {
        self.admissionEnabled = admissionEnabled
        self.admissionFailurePolicy = admissionFailurePolicy
        self.deletionProtection = deletionProtection
        self.conversionEnabled = conversionEnabled
        self.namespaceProtection = namespaceProtection
    }

    /// Whether any webhook is served, i.e. whether a gateway is needed at all.
    public var needsGateway: Bool {
        admissionEnabled || conversionEnabled || (deletionProtection?.enabled ?? false) || (namespaceProtection?.enabled ?? false)
    }
}

/// `spec.security.deletionProtection`.
public struct DeletionProtection: Sendable, Hashable {
    public var enabled: Bool
    public var failurePolicy: FailurePolicy
    /// Also deny removing the protection label from a protected object.
    public var strictMode: Bool

    public init(enabled: Bool = true, failurePolicy: FailurePolicy = .fail, strictMode: Bool = false) {
        self.enabled = enabled
        self.failurePolicy = failurePolicy
        self.strictMode = strictMode
    }
}
