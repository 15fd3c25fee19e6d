import OrkValue

/// The pod template of a workload child: one container from the container keys, the pod keys,
/// and the ownership labels its workload's selector matches.
enum PodTemplate {
    static let protocols = ["TCP", "UDP", "SCTP"]

    /// `restartPolicy` default and allowed values depend on the workload kind.
    static func template(_ context: ManifestContext, restartPolicies: [String],
                         defaultRestartPolicy: String?) throws(ChildRenderError) -> JSONValue {
        let fields = context.fields
        var labels = try fields.labelMap("podLabels") ?? [:]
        for (key, value) in ManifestContext.podSelector(owner: context.owner, childName: context.child.name) {
            labels[key] = value
        }
        var metadata: [String: JSONValue] = ["labels": .object(labels.mapValues(JSONValue.string))]
        if let annotations = try fields.stringMap("podAnnotations"), !annotations.isEmpty {
            metadata["annotations"] = .object(annotations.mapValues(JSONValue.string))
        }

        var spec: [String: JSONValue] = ["containers": [try container(context)]]
        if let account = try fields.string("serviceAccountName") { spec["serviceAccountName"] = .string(account) }
        if let selector = try fields.stringMap("nodeSelector") { spec["nodeSelector"] = .object(selector.mapValues(JSONValue.string)) }
        if let tolerations = try fields.mapList("tolerations") { spec["tolerations"] = .array(tolerations.map(JSONValue.object)) }
        if let affinity = try fields.map("affinity") { spec["affinity"] = .object(affinity) }
        if let volumes = try fields.mapList("volumes") {
            for (index, volume) in volumes.enumerated() where (volume["name"]?.stringValue ?? "").isEmpty {
                throw ChildRenderError(field: "volumes[\(index)].name", message: "is required")
            }
            spec["volumes"] = .array(volumes.map(JSONValue.object))
        }
        if let secrets = try fields.stringList("imagePullSecrets") {
            spec["imagePullSecrets"] = .array(secrets.map { ["name": .string($0)] })
        }
        if let security = try fields.map("podSecurityContext") { spec["securityContext"] = .object(security) }
        if let policy = try fields.choice("restartPolicy", ["Always", "OnFailure", "Never"]) {
            guard restartPolicies.contains(policy) else {
                throw ChildRenderError(field: "restartPolicy",
                                       message: "must be \(restartPolicies.joined(separator: " or ")) for \(context.child.kind.rawValue)")
            }
            spec["restartPolicy"] = .string(policy)
        } else if let defaultRestartPolicy {
            spec["restartPolicy"] = .string(defaultRestartPolicy)
        }
        if let priority = try fields.string("priorityClassName") { spec["priorityClassName"] = .string(priority) }
        return ["metadata": .object(metadata), "spec": .object(spec)]
    }

    static func container(_ context: ManifestContext) throws(ChildRenderError) -> JSONValue {
        let fields = context.fields
        let image = try fields.requiredString("image")
        guard !image.contains(where: \.isWhitespace) else {
            throw ChildRenderError(field: "image", message: "\"\(image)\" contains whitespace")
        }
        let name = try fields.string("containerName") ?? KubernetesSyntax.dnsLabel(context.child.name)
        guard KubernetesSyntax.isDNSLabel(name) else {
            throw ChildRenderError(field: "containerName", message: "\"\(name)\" is not a valid container name (lowercase DNS label)")
        }
        var container: [String: JSONValue] = ["name": .string(name), "image": .string(image)]
        if let policy = try fields.choice("imagePullPolicy", ["Always", "IfNotPresent", "Never"]) {
            container["imagePullPolicy"] = .string(policy)
        }
        if let command = try fields.stringList("command") { container["command"] = .array(command.map(JSONValue.string)) }
        if let args = try fields.stringList("args") { container["args"] = .array(args.map(JSONValue.string)) }
        if let env = try fields.mapList("env") {
            for (index, variable) in env.enumerated() where (variable["name"]?.stringValue ?? "").isEmpty {
                throw ChildRenderError(field: "env[\(index)].name", message: "is required")
            }
            container["env"] = .array(env.map(JSONValue.object))
        }
        if let envFrom = try fields.mapList("envFrom") { container["envFrom"] = .array(envFrom.map(JSONValue.object)) }
        let ports = try containerPorts(fields)
        if !ports.isEmpty { container["ports"] = .array(ports) }
        if let resources = try fields.map("resources") { container["resources"] = .object(try Self.resources(resources)) }
        if let mounts = try fields.mapList("volumeMounts") {
            for (index, mount) in mounts.enumerated() {
                for key in ["name", "mountPath"] where (mount[key]?.stringValue ?? "").isEmpty {
                    throw ChildRenderError(field: "volumeMounts[\(index)].\(key)", message: "is required")
                }
            }
            container["volumeMounts"] = .array(mounts.map(JSONValue.object))
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if let value = try fields.map(probe) { container[probe] = .object(value) }
        }
        if let security = try fields.map("securityContext") { container["securityContext"] = .object(security) }
        if let dir = try fields.string("workingDir") { container["workingDir"] = .string(dir) }
        return .object(container)
    }

    /// `port` (with `protocol`) then the `ports` list.
    static func containerPorts(_ fields: ManifestFields) throws(ChildRenderError) -> [JSONValue] {
        var ports: [JSONValue] = []
        let proto = try fields.choice("protocol", protocols) ?? "TCP"
        if let port = try fields.port("port") {
            ports.append(["containerPort": .int(port), "protocol": .string(proto)])
        }
        for (index, var entry) in (try fields.mapList("ports") ?? []).enumerated() {
            let field = "ports[\(index)]"
            guard let value = entry["containerPort"] else {
                throw ChildRenderError(field: "\(field).containerPort", message: "is required")
            }
            entry["containerPort"] = try ManifestFields.intOrString(value, field: "\(field).containerPort", range: 1...65535)
            guard entry["containerPort"]?.intValue != nil else {
                throw ChildRenderError(field: "\(field).containerPort", message: "must be a number")
            }
            // Server-side apply keys container ports by (containerPort, protocol): always set both.
            entry["protocol"] = .string(try ManifestFields.choice(entry["protocol"]?.stringValue ?? proto, protocols,
                                                                 field: "\(field).protocol"))
            if let name = entry["name"]?.stringValue, !KubernetesSyntax.isPortName(name) {
                throw ChildRenderError(field: "\(field).name", message: "\"\(name)\" is not a valid port name")
            }
            ports.append(.object(entry))
        }
        return ports
    }

    /// `resources: {requests, limits}` with every quantity checked and written as a string.
    static func resources(_ map: [String: JSONValue]) throws(ChildRenderError) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (section, value) in map {
            guard section == "requests" || section == "limits" || section == "claims" else {
                throw ChildRenderError(field: "resources.\(section)", message: "unknown key (use requests and limits)")
            }
            if section == "claims" { out[section] = value; continue }
            guard let quantities = value.objectValue else {
                throw ChildRenderError(field: "resources.\(section)", message: "expected a map of quantities")
            }
            var checked: [String: JSONValue] = [:]
            for (name, quantity) in quantities {
                checked[name] = .string(try ManifestFields.quantity(quantity, field: "resources.\(section).\(name)"))
            }
            out[section] = .object(checked)
        }
        return out
    }
}
