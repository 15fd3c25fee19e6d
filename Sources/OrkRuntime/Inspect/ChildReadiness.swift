import OrkValue

/// Whether a child object is ready, and why not, by kind (documented in docs/api.md):
///
/// * statusless kinds (ConfigMap, Secret, ServiceAccount, RBAC, NetworkPolicy, …) and Services: ready;
/// * Deployment, StatefulSet, ReplicaSet: `status.readyReplicas >= spec.replicas` (default 1),
///   reason `<ready>/<desired> ready`, replica counts filled; DaemonSet likewise with
///   `numberReady`/`desiredNumberScheduled`;
/// * Job: condition `Complete` True → ready (`Complete`); `Failed` True → `Failed`; else `Running`;
/// * CronJob: ready (`Suspended` when `spec.suspend`);
/// * Pod: `Running` with condition `Ready` True, or `Succeeded` → ready (reason the phase);
///   otherwise the first container waiting reason, else the Ready condition's reason for a
///   running pod, else the phase;
/// * PersistentVolumeClaim: phase `Bound` → ready; else the phase (`Pending`);
/// * anything else: its `Ready` condition when it has one, else ready.
struct ChildReadiness: Sendable, Hashable {
    var ready: Bool
    var reason: String?
    var replicasReady: Int?
    var replicasDesired: Int?

    static let statusless: Set<String> = [
        "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
        "NetworkPolicy", "Endpoints", "LimitRange", "ResourceQuota", "PriorityClass", "StorageClass", "Service",
    ]

    init(ready: Bool, reason: String? = nil, replicasReady: Int? = nil, replicasDesired: Int? = nil) {
        self.ready = ready
        self.reason = reason
        self.replicasReady = replicasReady
        self.replicasDesired = replicasDesired
    }

    init(kind: String, object: JSONValue) {
        switch kind {
        case _ where Self.statusless.contains(kind): self.init(ready: true)
        case "Deployment", "StatefulSet", "ReplicaSet":
            self = Self.replicas(ready: object.value(atDotted: "status.readyReplicas")?.intValue ?? 0,
                                 desired: object.value(atDotted: "spec.replicas")?.intValue ?? 1)
        case "DaemonSet":
            self = Self.replicas(ready: object.value(atDotted: "status.numberReady")?.intValue ?? 0,
                                 desired: object.value(atDotted: "status.desiredNumberScheduled")?.intValue ?? 0)
        case "Job": self = Self.job(object)
        case "CronJob":
            self.init(ready: true, reason: object.value(atDotted: "spec.suspend")?.boolValue == true ? "Suspended" : nil)
        case "Pod": self = Self.pod(object)
        case "PersistentVolumeClaim":
            let phase = object.value(atDotted: "status.phase")?.stringValue ?? "Pending"
            self.init(ready: phase == "Bound", reason: phase)
        default: self = Self.readyCondition(object)
        }
    }

    static func replicas(ready: Int, desired: Int) -> ChildReadiness {
        ChildReadiness(ready: ready >= desired, reason: "\(ready)/\(desired) ready", replicasReady: ready,
                       replicasDesired: desired)
    }

    static func job(_ object: JSONValue) -> ChildReadiness {
        if condition("Complete", of: object)?["status"]?.stringValue == "True" {
            return ChildReadiness(ready: true, reason: "Complete")
        }
        if condition("Failed", of: object)?["status"]?.stringValue == "True" {
            return ChildReadiness(ready: false, reason: "Failed")
        }
        return ChildReadiness(ready: false, reason: "Running")
    }

    static func pod(_ object: JSONValue) -> ChildReadiness {
        let phase = object.value(atDotted: "status.phase")?.stringValue ?? "Pending"
        let readyCondition = condition("Ready", of: object)
        if phase == "Succeeded" || (phase == "Running" && readyCondition?["status"]?.stringValue == "True") {
            return ChildReadiness(ready: true, reason: phase)
        }
        let statuses = (object.value(atDotted: "status.initContainerStatuses")?.arrayValue ?? [])
            + (object.value(atDotted: "status.containerStatuses")?.arrayValue ?? [])
        if let waiting = statuses.lazy.compactMap({ $0.value(atDotted: "state.waiting.reason")?.stringValue }).first(where: { !$0.isEmpty }) {
            return ChildReadiness(ready: false, reason: waiting)
        }
        if phase == "Running" {
            return ChildReadiness(ready: false, reason: readyCondition?["reason"]?.stringValue ?? "NotReady")
        }
        return ChildReadiness(ready: false, reason: phase)
    }

    static func readyCondition(_ object: JSONValue) -> ChildReadiness {
        guard let ready = condition("Ready", of: object) else { return ChildReadiness(ready: true) }
        if ready["status"]?.stringValue == "True" {
            return ChildReadiness(ready: true, reason: ready["reason"]?.stringValue)
        }
        return ChildReadiness(ready: false, reason: ready["reason"]?.stringValue ?? "NotReady")
    }

    /// The `status.conditions` entry of `type`.
    static func condition(_ type: String, of object: JSONValue) -> JSONValue? {
        object.value(atDotted: "status.conditions")?.arrayValue?.first { $0["type"]?.stringValue == type }
    }
}
