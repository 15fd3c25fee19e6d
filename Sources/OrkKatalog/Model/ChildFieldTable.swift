/// The kind-specific keys of each child kind (the keys every entry shares live in `ChildEntry`).
enum ChildFieldTable {
    static let container: [ChildField] = [
        .init("image", .string, required: true), .init("imagePullPolicy", .string), .init("containerName", .string),
        .init("command", .stringList), .init("args", .stringList), .init("env", .list), .init("envFrom", .list),
        .init("port", .int), .init("ports", .list), .init("protocol", .string), .init("resources", .map),
        .init("volumeMounts", .list), .init("livenessProbe", .map), .init("readinessProbe", .map),
        .init("startupProbe", .map), .init("securityContext", .map), .init("workingDir", .string),
    ]

    static let pod: [ChildField] = [
        .init("serviceAccountName", .string), .init("nodeSelector", .stringMap), .init("tolerations", .list),
        .init("affinity", .map), .init("volumes", .list), .init("imagePullSecrets", .stringList),
        .init("podSecurityContext", .map), .init("podLabels", .stringMap), .init("podAnnotations", .stringMap),
        .init("restartPolicy", .string), .init("priorityClassName", .string),
    ]

    static let job: [ChildField] = container + pod + [
        .init("backoffLimit", .int), .init("activeDeadlineSeconds", .int), .init("ttlSecondsAfterFinished", .int),
        .init("completions", .int), .init("parallelism", .int),
    ]

    static func fields(for kind: ChildKind) -> [ChildField] {
        switch kind {
        case .deployments:
            return container + pod + [.init("replicas", .int), .init("strategy", .map), .init("minReadySeconds", .int)]
        case .statefulSets:
            return container + pod + [
                .init("replicas", .int), .init("serviceName", .string), .init("volumeClaimTemplates", .list),
                .init("podManagementPolicy", .string), .init("updateStrategy", .map),
            ]
        case .services:
            return [
                .init("type", .string), .init("port", .int), .init("targetPort", .intOrString),
                .init("protocol", .string), .init("nodePort", .int), .init("ports", .list),
                .init("selector", .stringMap), .init("headless", .bool),
            ]
        case .configMaps:
            return [.init("data", .stringMap), .init("binaryData", .stringMap), .init("immutable", .bool)]
        case .secrets:
            return [.init("type", .string), .init("data", .stringMap), .init("stringData", .stringMap),
                    .init("immutable", .bool)]
        case .jobs:
            return job
        case .cronJobs:
            return job + [
                .init("schedule", .string, required: true), .init("suspend", .bool), .init("concurrencyPolicy", .string),
                .init("successfulJobsHistoryLimit", .int), .init("failedJobsHistoryLimit", .int),
                .init("startingDeadlineSeconds", .int), .init("timeZone", .string),
            ]
        case .serviceAccounts:
            return [.init("automountServiceAccountToken", .bool), .init("imagePullSecrets", .stringList)]
        case .roles, .clusterRoles:
            return [.init("rules", .list, required: true)]
        case .roleBindings, .clusterRoleBindings:
            return [.init("roleRef", .map, required: true), .init("subjects", .list, required: true)]
        case .ingresses:
            return [
                .init("host", .string), .init("serviceName", .string), .init("servicePort", .intOrString),
                .init("path", .string), .init("pathType", .string), .init("className", .string),
                .init("tls", .list), .init("rules", .list),
            ]
        case .persistentVolumeClaims:
            return [
                .init("storage", .string, required: true), .init("accessModes", .stringList),
                .init("storageClassName", .string), .init("volumeMode", .string),
            ]
        case .podDisruptionBudgets:
            return [.init("minAvailable", .intOrString), .init("maxUnavailable", .intOrString),
                    .init("selector", .stringMap)]
        case .horizontalPodAutoscalers:
            return [
                .init("minReplicas", .int), .init("maxReplicas", .int, required: true),
                .init("targetCPUUtilization", .int), .init("targetMemoryUtilization", .int),
                .init("scaleTargetRef", .map), .init("metrics", .list), .init("behavior", .map),
            ]
        case .networkPolicies:
            return [.init("podSelector", .stringMap), .init("policyTypes", .stringList), .init("ingress", .list),
                    .init("egress", .list)]
        case .custom:
            return [
                .init("apiVersion", .string, required: true), .init("kind", .string, required: true),
                .init("plural", .string), .init("spec", .any), .init("data", .any), .init("stringData", .any),
                .init("rules", .any),
            ]
        }
    }
}
