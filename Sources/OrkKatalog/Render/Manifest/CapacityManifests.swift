import OrkValue

/// PersistentVolumeClaims, PodDisruptionBudgets and HorizontalPodAutoscalers.
enum CapacityManifests {
    static func body(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        switch context.child.kind {
        case .persistentVolumeClaims: return ["spec": .object(try claim(context))]
        case .podDisruptionBudgets: return ["spec": .object(try disruptionBudget(context))]
        default: return ["spec": .object(try autoscaler(context))]
        }
    }

    static func claim(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        guard let storage = try fields.quantity("storage") else {
            throw ChildRenderError(field: "storage", message: "is required (a quantity such as 10Gi)")
        }
        var modes: [String] = []
        for (index, mode) in (try fields.stringList("accessModes") ?? ["ReadWriteOnce"]).enumerated() {
            modes.append(try ManifestFields.choice(mode, ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
                                                   field: "accessModes[\(index)]"))
        }
        guard !modes.isEmpty else { throw ChildRenderError(field: "accessModes", message: "at least one access mode is required") }
        var spec: [String: JSONValue] = [
            "accessModes": .array(modes.map(JSONValue.string)),
            "resources": ["requests": ["storage": .string(storage)]],
        ]
        if let storageClass = try fields.string("storageClassName") { spec["storageClassName"] = .string(storageClass) }
        if let mode = try fields.choice("volumeMode", ["Filesystem", "Block"]) { spec["volumeMode"] = .string(mode) }
        return spec
    }

    /// Exactly one of minAvailable and maxUnavailable (an integer or a percentage).
    static func disruptionBudget(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        let minAvailable = try fields.intOrString("minAvailable", range: 0...Int.max, percent: true)
        let maxUnavailable = try fields.intOrString("maxUnavailable", range: 0...Int.max, percent: true)
        var spec: [String: JSONValue] = [
            "selector": ManifestContext.matchLabels(try fields.labelMap("selector") ?? context.defaultPodSelector),
        ]
        switch (minAvailable, maxUnavailable) {
        case (let min?, nil): spec["minAvailable"] = min
        case (nil, let max?): spec["maxUnavailable"] = max
        case (nil, nil): throw ChildRenderError(field: "minAvailable", message: "set minAvailable or maxUnavailable")
        case (_?, _?): throw ChildRenderError(field: "maxUnavailable", message: "cannot be set together with minAvailable")
        }
        return spec
    }

    /// autoscaling/v2 (and v2beta2, same shape). `scaleTargetRef` defaults to the CR's only
    /// deployment or statefulSet; an explicit one needs `name` (kind Deployment, apiVersion apps/v1
    /// by default).
    static func autoscaler(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        let target: JSONValue
        if let ref = try fields.map("scaleTargetRef") {
            guard let name = ref["name"]?.stringValue, !name.isEmpty else {
                throw ChildRenderError(field: "scaleTargetRef.name", message: "is required")
            }
            target = ["apiVersion": .string(ref["apiVersion"]?.stringValue ?? "apps/v1"),
                      "kind": .string(ref["kind"]?.stringValue ?? "Deployment"), "name": .string(name)]
        } else {
            let workloads = context.workloads
            guard workloads.count == 1, let only = workloads.first else {
                throw ChildRenderError(field: "scaleTargetRef",
                                       message: "is required: the CR has \(workloads.count) deployment/statefulSet children, not exactly one")
            }
            target = ["apiVersion": "apps/v1", "kind": .string(only.kind == .deployments ? "Deployment" : "StatefulSet"),
                      "name": .string(only.name)]
        }
        guard let maxReplicas = try fields.int("maxReplicas", min: 1) else {
            throw ChildRenderError(field: "maxReplicas", message: "is required")
        }
        var spec: [String: JSONValue] = ["scaleTargetRef": target, "maxReplicas": .int(maxReplicas)]
        if let minReplicas = try fields.int("minReplicas", min: 1) {
            guard minReplicas <= maxReplicas else {
                throw ChildRenderError(field: "minReplicas", message: "\(minReplicas) is above maxReplicas \(maxReplicas)")
            }
            spec["minReplicas"] = .int(minReplicas)
        }
        var metrics: [JSONValue] = []
        for (key, resource) in [("targetCPUUtilization", "cpu"), ("targetMemoryUtilization", "memory")] {
            if let percent = try fields.int(key, min: 1) {
                metrics.append(["type": "Resource", "resource": [
                    "name": .string(resource), "target": ["type": "Utilization", "averageUtilization": .int(percent)],
                ]])
            }
        }
        for (index, metric) in (try fields.mapList("metrics") ?? []).enumerated() {
            guard metric["type"]?.stringValue != nil else {
                throw ChildRenderError(field: "metrics[\(index)].type", message: "is required")
            }
            metrics.append(.object(metric))
        }
        if !metrics.isEmpty { spec["metrics"] = .array(metrics) }
        if let behavior = try fields.map("behavior") { spec["behavior"] = .object(behavior) }
        return spec
    }
}
