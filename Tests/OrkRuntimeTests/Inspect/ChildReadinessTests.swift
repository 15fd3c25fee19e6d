import OrkValue
import Testing
@testable import OrkRuntime

/// The per-kind readiness heuristics documented in docs/api.md.
@Suite struct ChildReadinessTests {
    static func readiness(_ kind: String, _ object: JSONValue) -> String {
        let r = ChildReadiness(kind: kind, object: object)
        let replicas = r.replicasDesired.map { " [\(r.replicasReady ?? -1)/\($0)]" } ?? ""
        return "\(r.ready ? "ready" : "not-ready") \(r.reason ?? "-")\(replicas)"
    }

    static func conditions(_ items: [(String, String)], reason: String? = nil) -> JSONValue {
        ["status": ["conditions": .array(items.map { type, status in
            var condition: [String: JSONValue] = ["type": .string(type), "status": .string(status)]
            if let reason { condition["reason"] = .string(reason) }
            return .object(condition)
        })]]
    }

    @Test(arguments: ["ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "ClusterRole",
                      "ClusterRoleBinding", "NetworkPolicy", "Service"])
    func statuslessKindsAreReady(_ kind: String) {
        #expect(Self.readiness(kind, [:]) == "ready -")
    }

    @Test func workloadsCompareReadyAndDesiredReplicas() {
        #expect(Self.readiness("Deployment", ["spec": ["replicas": 3], "status": ["readyReplicas": 3]]) == "ready 3/3 ready [3/3]")
        #expect(Self.readiness("Deployment", ["spec": ["replicas": 3], "status": ["readyReplicas": 1]]) == "not-ready 1/3 ready [1/3]")
        #expect(Self.readiness("StatefulSet", ["spec": [:], "status": [:]]) == "not-ready 0/1 ready [0/1]")
        #expect(Self.readiness("ReplicaSet", ["spec": ["replicas": 0]]) == "ready 0/0 ready [0/0]")
        #expect(Self.readiness("DaemonSet", ["status": ["numberReady": 2, "desiredNumberScheduled": 3]]) == "not-ready 2/3 ready [2/3]")
    }

    @Test func jobs() {
        #expect(Self.readiness("Job", Self.conditions([("Complete", "True")])) == "ready Complete")
        #expect(Self.readiness("Job", Self.conditions([("Failed", "True")])) == "not-ready Failed")
        #expect(Self.readiness("Job", [:]) == "not-ready Running")
        #expect(Self.readiness("CronJob", [:]) == "ready -")
        #expect(Self.readiness("CronJob", ["spec": ["suspend": true]]) == "ready Suspended")
    }

    @Test func pods() {
        #expect(Self.readiness("Pod", ["status": ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]]) == "ready Running")
        #expect(Self.readiness("Pod", ["status": ["phase": "Succeeded"]]) == "ready Succeeded")
        #expect(Self.readiness("Pod", ["status": ["phase": "Running", "conditions": [
            ["type": "Ready", "status": "False", "reason": "ContainersNotReady"]]]]) == "not-ready ContainersNotReady")
        #expect(Self.readiness("Pod", ["status": ["phase": "Running", "containerStatuses": [
            ["state": ["waiting": ["reason": "CrashLoopBackOff"]]]]]]) == "not-ready CrashLoopBackOff")
        #expect(Self.readiness("Pod", ["status": ["phase": "Pending", "initContainerStatuses": [
            ["state": ["waiting": ["reason": "PodInitializing"]]]]]]) == "not-ready PodInitializing")
        #expect(Self.readiness("Pod", ["status": ["phase": "Failed"]]) == "not-ready Failed")
        #expect(Self.readiness("Pod", [:]) == "not-ready Pending")
    }

    @Test func claimsAndOtherKinds() {
        #expect(Self.readiness("PersistentVolumeClaim", ["status": ["phase": "Bound"]]) == "ready Bound")
        #expect(Self.readiness("PersistentVolumeClaim", [:]) == "not-ready Pending")
        #expect(Self.readiness("Ingress", [:]) == "ready -")
        #expect(Self.readiness("Certificate", Self.conditions([("Ready", "False")], reason: "Issuing")) == "not-ready Issuing")
        #expect(Self.readiness("Certificate", Self.conditions([("Ready", "Unknown")])) == "not-ready NotReady")
        #expect(Self.readiness("Certificate", Self.conditions([("Ready", "True")])) == "ready -")
    }
}
