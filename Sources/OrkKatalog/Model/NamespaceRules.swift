/// Which namespaces CRs may live in: `allowedNamespaces` (when not empty, only these) and
/// `restrictedNamespaces` (never these), from `spec.security.namespaceProtection` and a CRD's own
/// lists, merged additively.
public struct NamespaceRules: Sendable, Hashable {
    public var allowed: [String]
    public var restricted: [String]

    public init(allowed: [String] = [], restricted: [String] = []) {
        self.allowed = allowed
        self.restricted = restricted
    }

    public var isEmpty: Bool { allowed.isEmpty && restricted.isEmpty }

    /// Both lists of each, without repeats, in order.
    public func merged(with other: NamespaceRules) -> NamespaceRules {
        func union(_ a: [String], _ b: [String]) -> [String] {
            var seen = Set<String>()
            return (a + b).filter { seen.insert($0).inserted }
        }
        return NamespaceRules(allowed: union(allowed, other.allowed), restricted: union(restricted, other.restricted))
    }

    /// Why a CR may not live in `namespace`, naming the rule; nil when it may (and for cluster-scoped
    /// objects, which have no namespace).
    public func refusal(namespace: String?) -> String? {
        guard let namespace, !namespace.isEmpty else { return nil }
        if restricted.contains(namespace) { return "namespace \"\(namespace)\" is in restrictedNamespaces" }
        if !allowed.isEmpty, !allowed.contains(namespace) {
            return "namespace \"\(namespace)\" is not in allowedNamespaces [\(allowed.joined(separator: ", "))]"
        }
        return nil
    }
}

/// `spec.security.namespaceProtection`: the gateway refuses to create CRs outside the allowed
/// namespaces (a validating webhook), with its own failure policy.
public struct NamespaceProtection: Sendable, Hashable {
    public var enabled: Bool
    public var failurePolicy: FailurePolicy
    public var rules: NamespaceRules

    public init(enabled: Bool = true, failurePolicy: FailurePolicy = .fail, rules: NamespaceRules = .init()) {
        self.enabled = enabled
        self.failurePolicy = failurePolicy
        self.rules = rules
    }
}
