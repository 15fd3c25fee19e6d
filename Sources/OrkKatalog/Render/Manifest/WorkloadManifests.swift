import OrkValue

/// Deployments, StatefulSets, Jobs and CronJobs: a pod template plus the controller's spec.
enum WorkloadManifests {
    static func body(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        switch context.child.kind {
        case .deployments: return ["spec": .object(try deployment(context))]
        case .statefulSets: return ["spec": .object(try statefulSet(context))]
        case .jobs: return ["spec": .object(try job(context))]
        default: return ["spec": .object(try cronJob(context))]
        }
    }

    static func selector(_ context: ManifestContext) -> JSONValue {
        ManifestContext.matchLabels(ManifestContext.podSelector(owner: context.owner, childName: context.child.name))
    }

    static func deployment(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var spec: [String: JSONValue] = [
            "selector": selector(context),
            "template": try PodTemplate.template(context, restartPolicies: ["Always"], defaultRestartPolicy: nil),
        ]
        if let replicas = try fields.int("replicas", min: 0) { spec["replicas"] = .int(replicas) }
        if let strategy = try fields.map("strategy") { spec["strategy"] = .object(strategy) }
        if let seconds = try fields.int("minReadySeconds", min: 0) { spec["minReadySeconds"] = .int(seconds) }
        return spec
    }

    static func statefulSet(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var spec: [String: JSONValue] = [
            "selector": selector(context),
            "serviceName": .string(try fields.string("serviceName") ?? context.child.name),
            "template": try PodTemplate.template(context, restartPolicies: ["Always"], defaultRestartPolicy: nil),
        ]
        if let replicas = try fields.int("replicas", min: 0) { spec["replicas"] = .int(replicas) }
        if let templates = try fields.mapList("volumeClaimTemplates") {
            for (index, claim) in templates.enumerated() where (claim["metadata"]?["name"]?.stringValue ?? "").isEmpty {
                throw ChildRenderError(field: "volumeClaimTemplates[\(index)].metadata.name", message: "is required")
            }
            spec["volumeClaimTemplates"] = .array(templates.map(JSONValue.object))
        }
        if let policy = try fields.choice("podManagementPolicy", ["OrderedReady", "Parallel"]) {
            spec["podManagementPolicy"] = .string(policy)
        }
        if let strategy = try fields.map("updateStrategy") { spec["updateStrategy"] = .object(strategy) }
        return spec
    }

    /// A Job spec; Kubernetes generates the Job's selector itself (`manualSelector` unset).
    static func job(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var spec: [String: JSONValue] = [
            "backoffLimit": .int(try fields.int("backoffLimit", min: 0) ?? 3),
            "template": try PodTemplate.template(context, restartPolicies: ["Never", "OnFailure"], defaultRestartPolicy: "Never"),
        ]
        for key in ["activeDeadlineSeconds", "completions"] {
            if let value = try fields.int(key, min: 1) { spec[key] = .int(value) }
        }
        for key in ["ttlSecondsAfterFinished", "parallelism"] {
            if let value = try fields.int(key, min: 0) { spec[key] = .int(value) }
        }
        return spec
    }

    static func cronJob(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        let schedule = try fields.requiredString("schedule")
        let parts = schedule.split(whereSeparator: \.isWhitespace)
        guard parts.count == 5 || (parts.count == 1 && schedule.hasPrefix("@")) else {
            throw ChildRenderError(field: "schedule", message: "\"\(schedule)\" is not a cron schedule (five fields or @hourly, @daily, …)")
        }
        let jobLabels = ManifestContext.podSelector(owner: context.owner, childName: context.child.name)
        var spec: [String: JSONValue] = [
            "schedule": .string(schedule),
            "jobTemplate": [
                "metadata": ["labels": .object(jobLabels.mapValues(JSONValue.string))],
                "spec": .object(try job(context)),
            ],
        ]
        if let suspend = try fields.bool("suspend") { spec["suspend"] = .bool(suspend) }
        if let policy = try fields.choice("concurrencyPolicy", ["Allow", "Forbid", "Replace"]) {
            spec["concurrencyPolicy"] = .string(policy)
        }
        for key in ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
            if let value = try fields.int(key, min: 0) { spec[key] = .int(value) }
        }
        if let deadline = try fields.int("startingDeadlineSeconds", min: 0) { spec["startingDeadlineSeconds"] = .int(deadline) }
        if let zone = try fields.string("timeZone") { spec["timeZone"] = .string(zone) }
        return spec
    }
}
