import OrkValue

/// A kind of child resource a Katalog can declare under `onCreate`/`onReconcile`/`onDelete`.
/// The case order is the apply order (dependencies such as Secrets and RBAC before workloads).
public enum ChildKind: String, Sendable, Hashable, CaseIterable {
    case secrets, configMaps, networkPolicies, clusterRoles, clusterRoleBindings, serviceAccounts
    case roles, roleBindings, custom, deployments, services, jobs, cronJobs, statefulSets
    case persistentVolumeClaims, ingresses, horizontalPodAutoscalers, podDisruptionBudgets

    /// The Kubernetes type this key creates; nil for `custom` (which names its own).
    public var resourceType: ResourceType? {
        switch self {
        case .deployments: return KubernetesKinds.lookup(group: "apps", kind: "Deployment")
        case .statefulSets: return KubernetesKinds.lookup(group: "apps", kind: "StatefulSet")
        case .services: return KubernetesKinds.lookup(group: "", kind: "Service")
        case .configMaps: return KubernetesKinds.lookup(group: "", kind: "ConfigMap")
        case .secrets: return KubernetesKinds.lookup(group: "", kind: "Secret")
        case .jobs: return KubernetesKinds.lookup(group: "batch", kind: "Job")
        case .cronJobs: return KubernetesKinds.lookup(group: "batch", kind: "CronJob")
        case .serviceAccounts: return KubernetesKinds.lookup(group: "", kind: "ServiceAccount")
        case .roles: return KubernetesKinds.lookup(group: "rbac.authorization.k8s.io", kind: "Role")
        case .roleBindings: return KubernetesKinds.lookup(group: "rbac.authorization.k8s.io", kind: "RoleBinding")
        case .clusterRoles: return KubernetesKinds.lookup(group: "rbac.authorization.k8s.io", kind: "ClusterRole")
        case .clusterRoleBindings:
            return KubernetesKinds.lookup(group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding")
        case .ingresses: return KubernetesKinds.lookup(group: "networking.k8s.io", kind: "Ingress")
        case .persistentVolumeClaims: return KubernetesKinds.lookup(group: "", kind: "PersistentVolumeClaim")
        case .podDisruptionBudgets: return KubernetesKinds.lookup(group: "policy", kind: "PodDisruptionBudget")
        case .horizontalPodAutoscalers:
            return KubernetesKinds.lookup(group: "autoscaling", kind: "HorizontalPodAutoscaler")
        case .networkPolicies: return KubernetesKinds.lookup(group: "networking.k8s.io", kind: "NetworkPolicy")
        case .custom: return nil
        }
    }

    /// The API versions whose shape matches the manifests Orkestra builds for this kind, preferred
    /// first; the runtime picks the first one the server serves (Kubernetes 1.20 has only
    /// batch/v1beta1 CronJob, policy/v1beta1 PodDisruptionBudget and autoscaling/v2beta2
    /// HorizontalPodAutoscaler; autoscaling/v1 has another shape and is never used).
    public var compatibleVersions: [String] {
        switch self {
        case .cronJobs, .podDisruptionBudgets: return ["v1", "v1beta1"]
        case .horizontalPodAutoscalers: return ["v2", "v2beta2"]
        case .custom: return []
        default: return resourceType.map { [$0.version] } ?? []
        }
    }

    /// Kinds that are created once and never updated (their spec is immutable or owned by others).
    public var isCreateOnly: Bool {
        self == .jobs || self == .serviceAccounts || self == .persistentVolumeClaims
    }

    /// Whether the child manages RBAC (the operator then needs `escalate` and `bind`).
    public var isRBAC: Bool {
        self == .roles || self == .roleBindings || self == .clusterRoles || self == .clusterRoleBindings
    }

    /// The default child name when the entry has no `name`: `<cr>` plus this suffix.
    public var defaultNameSuffix: String {
        switch self {
        case .deployments: return "-deployment"
        case .statefulSets: return "-sts"
        case .services: return "-svc"
        case .configMaps: return "-config"
        case .secrets: return "-secret"
        case .jobs: return "-job"
        case .cronJobs: return "-cronjob"
        case .serviceAccounts: return "-sa"
        case .roles: return "-role"
        case .roleBindings: return "-rolebinding"
        case .clusterRoles: return "-clusterrole"
        case .clusterRoleBindings: return "-clusterrolebinding"
        case .ingresses: return "-ingress"
        case .persistentVolumeClaims: return "-pvc"
        case .podDisruptionBudgets: return "-pdb"
        case .horizontalPodAutoscalers: return "-hpa"
        case .networkPolicies: return "-netpol"
        case .custom: return ""
        }
    }

    /// The kind-specific keys an entry may use, with their types.
    public var fields: [ChildField] { ChildFieldTable.fields(for: self) }
}

/// One kind-specific key of a child entry.
public struct ChildField: Sendable, Hashable {
    /// What a child field's value must look like. Scalars may always be `{{ }}` templates.
    public enum ValueType: String, Sendable, Hashable {
        case string, int, bool, intOrString, stringList, stringMap, list, map, any
    }

    public var name: String
    public var type: ValueType
    public var required: Bool

    public init(_ name: String, _ type: ValueType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}
