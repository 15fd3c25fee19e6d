/// What Orkestra knows about a Kubernetes resource type without asking a cluster.
public struct ResourceType: Sendable, Hashable {
    public var group: String
    public var version: String
    public var kind: String
    /// The REST resource name (plural), as the API serves it.
    public var resource: String
    public var namespaced: Bool

    public init(group: String, version: String, kind: String, resource: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.kind = kind
        self.resource = resource
        self.namespaced = namespaced
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}

/// The built-in table of Kubernetes kinds: plural names and scopes for RBAC derivation and for
/// validating `custom` children offline. At run time discovery is authoritative.
public enum KubernetesKinds {
    public static let all: [ResourceType] = [
        .init(group: "", version: "v1", kind: "ConfigMap", resource: "configmaps", namespaced: true),
        .init(group: "", version: "v1", kind: "Endpoints", resource: "endpoints", namespaced: true),
        .init(group: "", version: "v1", kind: "Event", resource: "events", namespaced: true),
        .init(group: "", version: "v1", kind: "LimitRange", resource: "limitranges", namespaced: true),
        .init(group: "", version: "v1", kind: "Namespace", resource: "namespaces", namespaced: false),
        .init(group: "", version: "v1", kind: "PersistentVolume", resource: "persistentvolumes", namespaced: false),
        .init(group: "", version: "v1", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims", namespaced: true),
        .init(group: "", version: "v1", kind: "Pod", resource: "pods", namespaced: true),
        .init(group: "", version: "v1", kind: "ResourceQuota", resource: "resourcequotas", namespaced: true),
        .init(group: "", version: "v1", kind: "Secret", resource: "secrets", namespaced: true),
        .init(group: "", version: "v1", kind: "Service", resource: "services", namespaced: true),
        .init(group: "", version: "v1", kind: "ServiceAccount", resource: "serviceaccounts", namespaced: true),
        .init(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration",
              resource: "mutatingwebhookconfigurations", namespaced: false),
        .init(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
              resource: "validatingwebhookconfigurations", namespaced: false),
        .init(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
              resource: "customresourcedefinitions", namespaced: false),
        .init(group: "apps", version: "v1", kind: "DaemonSet", resource: "daemonsets", namespaced: true),
        .init(group: "apps", version: "v1", kind: "Deployment", resource: "deployments", namespaced: true),
        .init(group: "apps", version: "v1", kind: "ReplicaSet", resource: "replicasets", namespaced: true),
        .init(group: "apps", version: "v1", kind: "StatefulSet", resource: "statefulsets", namespaced: true),
        .init(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler",
              resource: "horizontalpodautoscalers", namespaced: true),
        .init(group: "batch", version: "v1", kind: "CronJob", resource: "cronjobs", namespaced: true),
        .init(group: "batch", version: "v1", kind: "Job", resource: "jobs", namespaced: true),
        .init(group: "coordination.k8s.io", version: "v1", kind: "Lease", resource: "leases", namespaced: true),
        .init(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", resource: "endpointslices", namespaced: true),
        .init(group: "networking.k8s.io", version: "v1", kind: "Ingress", resource: "ingresses", namespaced: true),
        .init(group: "networking.k8s.io", version: "v1", kind: "IngressClass", resource: "ingressclasses", namespaced: false),
        .init(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", resource: "networkpolicies", namespaced: true),
        .init(group: "policy", version: "v1", kind: "PodDisruptionBudget", resource: "poddisruptionbudgets", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", resource: "clusterroles", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding",
              resource: "clusterrolebindings", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", resource: "roles", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", resource: "rolebindings", namespaced: true),
        .init(group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", resource: "priorityclasses", namespaced: false),
        .init(group: "storage.k8s.io", version: "v1", kind: "StorageClass", resource: "storageclasses", namespaced: false),
    ]

    private static let byGroupKind: [String: ResourceType] = {
        var table: [String: ResourceType] = [:]
        for type in all { table["\(type.group)/\(type.kind)"] = type }
        return table
    }()

    /// The built-in type for a group (empty for core) and kind.
    public static func lookup(group: String, kind: String) -> ResourceType? {
        byGroupKind["\(group)/\(kind)"]
    }

    /// Splits an apiVersion into group and version (`v1` → core).
    public static func split(apiVersion: String) -> (group: String, version: String) {
        let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 { return (parts[0], parts[1]) }
        return ("", apiVersion)
    }
}
