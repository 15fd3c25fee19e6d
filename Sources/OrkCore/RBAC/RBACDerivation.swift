/// Derives the least-privilege RBAC rules each Orkestra component needs for a Katalog.
/// Deterministic: the same Katalog always gives the same rules in the same order.
public struct RBACDerivation: Sendable {
    public let katalog: Katalog

    public init(katalog: Katalog) {
        self.katalog = katalog
    }

    static let childVerbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
    static let readVerbs = ["get", "list", "watch"]

    /// The runtime's rules for one CRD: its CRs and status, and every child kind it manages.
    public func runtimeRules(for entry: CRDEntry) -> [PolicyRule] {
        var set = PolicyRuleSet()
        addRuntimeRules(for: entry, to: &set)
        return set.rules
    }

    /// All of the runtime's rules: every CRD's plus leader election, events and CRD checks.
    public func runtimeRules() -> [PolicyRule] {
        var set = PolicyRuleSet()
        for entry in katalog.crds { addRuntimeRules(for: entry, to: &set) }
        set.add(group: "coordination.k8s.io", resources: ["leases"], verbs: ["get", "create", "update"])
        set.add(group: "", resources: ["events"], verbs: ["get", "list", "watch", "create", "patch"])
        let names = katalog.crds.map(\.api.crdName).sorted()
        if !names.isEmpty {
            set.add(group: "apiextensions.k8s.io", resources: ["customresourcedefinitions"], verbs: ["get"], names: names)
        }
        return set.rules
    }

    func addRuntimeRules(for entry: CRDEntry, to set: inout PolicyRuleSet) {
        set.add(group: entry.api.group, resources: [entry.api.plural], verbs: ["get", "list", "watch", "update", "patch"])
        set.add(group: entry.api.group, resources: ["\(entry.api.plural)/status"], verbs: ["get", "update", "patch"])
        for child in entry.operatorBox.allChildren {
            guard let type = resourceType(of: child) else { continue }
            set.add(group: type.group, resources: [type.resource], verbs: Self.childVerbs)
            switch child.kind {
            case .deployments:
                // The CR detail shows Deployment → ReplicaSet → Pod.
                set.add(group: "apps", resources: ["replicasets"], verbs: Self.readVerbs)
                set.add(group: "", resources: ["pods"], verbs: Self.readVerbs)
            case .statefulSets, .jobs:
                set.add(group: "", resources: ["pods"], verbs: Self.readVerbs)
            case .cronJobs:
                set.add(group: "batch", resources: ["jobs"], verbs: Self.readVerbs)
                set.add(group: "", resources: ["pods"], verbs: Self.readVerbs)
            case .roles:
                set.add(group: "rbac.authorization.k8s.io", resources: ["roles"], verbs: ["escalate"])
            case .clusterRoles:
                set.add(group: "rbac.authorization.k8s.io", resources: ["clusterroles"], verbs: ["escalate"])
            case .roleBindings:
                // A RoleBinding may grant a Role or a ClusterRole the runtime does not itself hold.
                set.add(group: "rbac.authorization.k8s.io", resources: ["roles", "clusterroles"], verbs: ["bind"])
            case .clusterRoleBindings:
                set.add(group: "rbac.authorization.k8s.io", resources: ["clusterroles"], verbs: ["bind"])
            default:
                break
            }
        }
    }

    /// The Kubernetes type of a child entry (custom entries resolved through the built-in table,
    /// the Katalog's own CRDs or their explicit `plural`).
    public func resourceType(of child: ChildEntry) -> ResourceType? {
        if let type = child.kind.resourceType { return type }
        guard let apiVersion = child.fields["apiVersion"]?.stringValue, let kind = child.fields["kind"]?.stringValue else {
            return nil
        }
        let (group, version) = KubernetesKinds.split(apiVersion: apiVersion)
        if let plural = child.fields["plural"]?.stringValue {
            return ResourceType(group: group, version: version, kind: kind, resource: plural, namespaced: true)
        }
        if let builtin = KubernetesKinds.lookup(group: group, kind: kind) { return builtin }
        if let own = katalog.crds.first(where: { $0.api.group == group && $0.api.kind == kind }) {
            return ResourceType(group: group, version: version, kind: kind, resource: own.api.plural,
                                namespaced: own.api.namespaced)
        }
        return nil
    }

    /// Whether the gateway registers a ValidatingWebhookConfiguration for admission rules.
    public var gatewayValidates: Bool {
        katalog.security.admissionEnabled && katalog.crds.contains { !$0.validation.isEmpty }
    }

    /// Whether the gateway registers a MutatingWebhookConfiguration.
    public var gatewayMutates: Bool {
        katalog.security.admissionEnabled && katalog.crds.contains { !$0.mutation.rules.isEmpty }
    }

    /// The CRDs whose conversion webhook the gateway serves (and whose caBundle it patches).
    public var conversionCRDs: [String] {
        guard katalog.security.conversionEnabled else { return [] }
        return katalog.crds.filter { $0.conversion?.strategy == .webhook && !($0.conversion?.paths.isEmpty ?? true) }
            .map(\.api.crdName).sorted()
    }

    /// The gateway's rules: only its webhook configurations, its TLS Secret, its own Endpoints (peer
    /// discovery) and the conversion CRDs. Empty when the Katalog needs no gateway.
    public func gatewayRules() -> [PolicyRule] {
        guard katalog.security.needsGateway else { return [] }
        var set = PolicyRuleSet()
        let webhookVerbs = ["get", "list", "watch", "create", "update", "patch"]
        let protects = katalog.security.deletionProtection?.enabled ?? false
        if gatewayValidates || protects {
            set.add(group: "admissionregistration.k8s.io", resources: ["validatingwebhookconfigurations"], verbs: webhookVerbs)
        }
        if gatewayMutates {
            set.add(group: "admissionregistration.k8s.io", resources: ["mutatingwebhookconfigurations"], verbs: webhookVerbs)
        }
        // Creating cannot be limited by name; everything else is limited to the gateway's own Secret.
        set.add(group: "", resources: ["secrets"], verbs: ["create"])
        set.add(group: "", resources: ["secrets"], verbs: ["get", "watch", "update", "patch"], names: [OrkNames.gatewayTLSSecret])
        set.add(group: "", resources: ["endpoints"], verbs: ["get", "watch"], names: [OrkNames.gatewayService])
        let conversion = conversionCRDs
        if !conversion.isEmpty {
            set.add(group: "apiextensions.k8s.io", resources: ["customresourcedefinitions"], verbs: ["get", "watch", "patch"],
                    names: conversion)
        }
        return set.rules
    }
}
