import OrkValue

/// Decodes `operatorBox:`: reconciler settings, child blocks, deletion, status and finalizers.
struct OperatorBoxDecoder {
    let context: LoaderContext

    static let keys = ["reconciler", "onCreate", "onReconcile", "onDelete", "status", "finalizers"]

    func operatorBox(_ node: YAMLNode, path: String) -> OperatorBox {
        var box = OperatorBox()
        guard let reader = FieldReader(node, path: path, context: context, allowed: Self.keys) else { return box }
        let children = ChildDecoder(context: context)
        if let node = reader.value("reconciler") { box.reconciler = reconciler(node, path: reader.field("reconciler")) }
        if let node = reader.value("onCreate") { box.onCreate = children.block(node, path: reader.field("onCreate")) }
        if let node = reader.value("onReconcile") {
            box.onReconcile = children.block(node, path: reader.field("onReconcile"))
        }
        if let node = reader.value("onDelete") { box.onDelete = onDelete(node, path: reader.field("onDelete")) }
        if let node = reader.value("status") { box.status = status(node, path: reader.field("status")) }
        if let finalizers = reader.stringList("finalizers") {
            for (index, name) in finalizers.enumerated() where !Self.isQualifiedFinalizer(name) {
                context.warning("finalizer \"\(name)\" is not domain-qualified", at: reader.position("finalizers"),
                                field: "\(reader.field("finalizers"))[\(index)]", hint: "write it as example.com/\(name)")
            }
            box.finalizers = finalizers
        }
        return box
    }

    static func isQualifiedFinalizer(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].contains(".") && !parts[1].isEmpty
    }

    func reconciler(_ node: YAMLNode, path: String) -> ReconcilerSettings {
        var settings = ReconcilerSettings()
        guard let reader = FieldReader(node, path: path, context: context, allowed: ["workers", "resync", "queue"]) else {
            return settings
        }
        settings.workers = reader.int("workers", in: ReconcilerDefaults.workerRange)
        if let resync = reader.duration("resync") {
            if resync < ReconcilerDefaults.minimumResync {
                context.error("resync \(resync) is shorter than \(ReconcilerDefaults.minimumResync)", at: reader.position("resync"),
                              field: reader.field("resync"), hint: "resync re-reads every CR; use 10s or more")
            } else {
                settings.resync = resync
            }
        }
        if let node = reader.value("queue"),
           let queue = FieldReader(node, path: reader.field("queue"), context: context,
                                   allowed: ["maxDepth", "failureThreshold"]) {
            settings.maxDepth = queue.int("maxDepth", in: ReconcilerDefaults.maxDepthRange)
            settings.failureThreshold = queue.int("failureThreshold", in: ReconcilerDefaults.failureThresholdRange)
        }
        return settings
    }

    func onDelete(_ node: YAMLNode, path: String) -> DeleteSettings {
        var settings = DeleteSettings()
        let children = ChildDecoder(context: context)
        let blockKeys = ["ordered", "timeout", "groups"]
        guard let reader = FieldReader(node, path: path, context: context,
                                       allowed: ChildKind.allCases.map(\.rawValue) + blockKeys)
        else { return settings }
        settings.ordered = reader.bool("ordered") ?? false
        if let timeout = reader.duration("timeout") { settings.timeout = timeout }
        let flat = children.entries(in: reader)
        var groups: [DeleteGroup] = []
        if !flat.isEmpty { groups.append(DeleteGroup(children: flat)) }
        if let items = reader.list("groups") {
            if !settings.ordered {
                context.warning("groups only take effect with ordered: true", at: reader.position("groups"),
                                field: reader.field("groups"))
            }
            for (index, item) in items.enumerated() {
                let groupPath = "\(reader.field("groups"))[\(index)]"
                guard let group = FieldReader(item, path: groupPath, context: context,
                                              allowed: ChildKind.allCases.map(\.rawValue) + ["name"])
                else { continue }
                groups.append(DeleteGroup(name: group.string("name"),
                                          children: children.entries(in: group)))
            }
        }
        settings.groups = groups
        return settings
    }

    func status(_ node: YAMLNode, path: String) -> StatusSettings {
        var settings = StatusSettings()
        guard let reader = FieldReader(node, path: path, context: context, allowed: ["conditions", "fields"]) else {
            return settings
        }
        settings.conditions = reader.bool("conditions") ?? true
        let rules = RuleDecoder(context: context)
        for (index, item) in (reader.list("fields") ?? []).enumerated() {
            let fieldPath = "\(reader.field("fields"))[\(index)]"
            guard let field = FieldReader(item, path: fieldPath, context: context,
                                          allowed: ["path", "value", "type", "when", "or", "clearOnFalse", "notify"],
                                          required: ["path", "value"]),
                  let statusPath = field.string("path"), let value = field.node["value"]
            else { continue }
            if statusPath.hasPrefix("status.") {
                context.warning("path is already relative to status", at: field.position("path"), field: field.field("path"),
                                hint: "write \(statusPath.dropFirst("status.".count)) instead of \(statusPath)")
            }
            let type = field.choice("type", from: StatusField.ValueType.allCases.map(\.rawValue))
                .flatMap(StatusField.ValueType.init) ?? .auto
            settings.fields.append(StatusField(
                path: statusPath, value: value.jsonValue, type: type, conditions: rules.conditionSet(in: field),
                clearOnFalse: field.bool("clearOnFalse") ?? false, notify: rules.notify(field), position: item.position))
        }
        return settings
    }
}
