import OrkValue

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

    /// All of the runtime's rules, cluster-wide and namespaced together (what `ork validate --full` lists).
    public func runtimeRules() -> [PolicyRule] {
        runtimeRBAC().allRules
    }

    /// The runtime's rules by scope: every CRD's, events and CRD checks cluster-wide (CRs live in
    /// any namespace); leader election only in its own namespace, the Lease by name where
    /// Kubernetes allows it (`create` cannot be limited by name: the name is not known before).
    public func runtimeRBAC(sharding: Bool = false) -> ComponentRBAC {
        var set = PolicyRuleSet()
        for entry in katalog.crds { addRuntimeRules(for: entry, to: &set) }
        set.add(group: "", resources: ["events"], verbs: ["get", "list", "watch", "create", "patch"])
        let names = katalog.crds.map(\.api.crdName).sorted()
        if !names.isEmpty {
            set.add(group: "apiextensions.k8s.io", resources: ["customresourcedefinitions"], verbs: ["get"], names: names)
        }
        Self.addAPIAccessReviews(to: &set)
        var own = PolicyRuleSet()
        own.add(group: "coordination.k8s.io", resources: ["leases"], verbs: ["create"])
        own.add(group: "coordination.k8s.io", resources: ["leases"], verbs: ["get", "update"], names: [OrkNames.leaseName])
        if sharding { Self.addShardLeases(to: &own) }
        return ComponentRBAC(clusterRules: set.rules, namespaceRules: own.rules)
    }

    /// Sharding (`ork run --sharding on`, `ork generate bundle --sharding`), in the runtime's own
    /// namespace only: each replica creates and renews a Lease named after itself (a name not known
    /// in advance), the coordinator lists and watches the ring's Leases and deletes those silent
    /// for minutes. Rights on the CRs themselves (patch for the shard labels) are the CRD's already.
    static func addShardLeases(to set: inout PolicyRuleSet) {
        set.add(group: "coordination.k8s.io", resources: ["leases"], verbs: ["get", "list", "watch", "update", "delete"])
    }

    /// Checking the callers of an HTTP API that needs a Kubernetes identity (`ORK_API_AUTH=kubernetes`,
    /// the chart's default): `create` on `tokenreviews` and `subjectaccessreviews`, as kube-rbac-proxy needs.
    static func addAPIAccessReviews(to set: inout PolicyRuleSet) {
        set.add(group: "authentication.k8s.io", resources: ["tokenreviews"], verbs: ["create"])
        set.add(group: "authorization.k8s.io", resources: ["subjectaccessreviews"], verbs: ["create"])
    }

    /// What the Control Center needs: to read the runtimes' and gateways' HTTP APIs (`get` on the
    /// non-resource URLs `/katalog` and `/katalog/*`) and, in the Orkestra namespace only, to find
    /// them and reach them through the API server (`ork control --context`): `list` on Services and
    /// pods, `get` on `pods/proxy`. Nothing else of the cluster's objects, nothing in other namespaces
    /// (`pods/proxy` reaches every pod of a namespace, so it stays in the one Orkestra runs in).
    public func controlCenterRBAC() -> ComponentRBAC {
        var own = PolicyRuleSet()
        own.add(group: "", resources: ["services", "pods"], verbs: ["list"])
        own.add(group: "", resources: ["pods/proxy"], verbs: ["get"])
        return ComponentRBAC(clusterRules: [PolicyRule.readOrkestraAPI], namespaceRules: own.rules)
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

    /// Whether the gateway registers `orkestra-admission-validation` (admission rules, namespace rules).
    public var gatewayValidates: Bool {
        (katalog.security.admissionEnabled && katalog.crds.contains { !$0.validation.isEmpty }) || !katalog.namespaceGuardedCRDs.isEmpty
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

    /// All of the gateway's rules, cluster-wide and namespaced together (what `ork validate --full` lists).
    public func gatewayRules() -> [PolicyRule] {
        gatewayRBAC().allRules
    }

    /// The gateway's rules by scope. Empty when the Katalog needs no gateway.
    ///
    /// Cluster-wide: its webhook configurations — `list`/`watch` (the registrar's informer) and
    /// `create` only for the kinds the Katalog needs (Kubernetes cannot limit these by name), every
    /// other verb by `resourceNames`: `get`/`update`/`patch` on the configurations it writes, `get`
    /// and `delete` on all of its own (to remove those the Katalog no longer needs, and all of them
    /// when the last replica stops) — and `get`/`patch` on the conversion CRDs by name.
    /// `create` on `tokenreviews` and `subjectaccessreviews` (the callers of its HTTP API and of
    /// `/notify`), `get` on `/katalog` and `/katalog/*` (its peers' fleet views). With notification
    /// teams, in its namespace, `get` on the Secrets the Katalog's `secretKeyRef`s name.
    /// In its own namespace: its TLS Secret by name (`create` cannot be limited by name), its
    /// Service's Endpoints (peers) and the Katalog ConfigMap (the generation that orders Katalogs
    /// in a rollout) by name.
    public func gatewayRBAC(katalogConfigMap: String? = nil) -> ComponentRBAC {
        guard katalog.security.needsGateway else { return ComponentRBAC(clusterRules: [], namespaceRules: []) }
        var set = PolicyRuleSet()
        let group = "admissionregistration.k8s.io"
        let protects = katalog.security.deletionProtection?.enabled ?? false
        var validating: [String] = []
        if gatewayValidates { validating.append(OrkNames.validatingWebhookConfiguration) }
        if protects { validating.append(OrkNames.deletionProtectionWebhookConfiguration) }
        for (resource, written, own) in [
            ("validatingwebhookconfigurations", validating,
             [OrkNames.validatingWebhookConfiguration, OrkNames.deletionProtectionWebhookConfiguration]),
            ("mutatingwebhookconfigurations", gatewayMutates ? [OrkNames.mutatingWebhookConfiguration] : [],
             [OrkNames.mutatingWebhookConfiguration]),
        ] {
            if !written.isEmpty {
                set.add(group: group, resources: [resource], verbs: ["list", "watch", "create"])
                set.add(group: group, resources: [resource], verbs: ["get", "update", "patch", "delete"], names: written)
            }
            let others = own.filter { !written.contains($0) }
            if !others.isEmpty {
                set.add(group: group, resources: [resource], verbs: ["get", "delete"], names: others)
            }
        }
        let conversion = conversionCRDs
        if !conversion.isEmpty {
            set.add(group: "apiextensions.k8s.io", resources: ["customresourcedefinitions"], verbs: ["get", "patch"],
                    names: conversion)
        }
        // Callers of its HTTP API (and of POST /notify) are checked with TokenReviews and SubjectAccessReviews;
        // its peers' fleet views are read with its own identity.
        Self.addAPIAccessReviews(to: &set)
        set.add(nonResource: PolicyRule.readOrkestraAPI)
        var own = PolicyRuleSet()
        let notificationSecrets = katalog.notification.referencedSecrets  // Slack/SMTP secretKeyRefs
        if !notificationSecrets.isEmpty { own.add(group: "", resources: ["secrets"], verbs: ["get"], names: notificationSecrets) }
        own.add(group: "", resources: ["secrets"], verbs: ["create"])
        own.add(group: "", resources: ["secrets"], verbs: ["get", "watch", "update", "patch"], names: [OrkNames.gatewayTLSSecret])
        own.add(group: "", resources: ["endpoints"], verbs: ["get", "watch"], names: [OrkNames.gatewayService])
        if let katalogConfigMap {
            own.add(group: "", resources: ["configmaps"], verbs: ["get"], names: [katalogConfigMap])
        }
        return ComponentRBAC(clusterRules: set.rules, namespaceRules: own.rules)
    }
}

/// One component's rules by scope: a ClusterRole's and a Role's (in the component's own namespace).
public struct ComponentRBAC: Sendable, Hashable {
    public var clusterRules: [PolicyRule]
    public var namespaceRules: [PolicyRule]

    public init(clusterRules: [PolicyRule], namespaceRules: [PolicyRule]) {
        self.clusterRules = clusterRules
        self.namespaceRules = namespaceRules
    }

    /// Both sets, in one stable order.
    public var allRules: [PolicyRule] { (clusterRules + namespaceRules).sorted() }
}
