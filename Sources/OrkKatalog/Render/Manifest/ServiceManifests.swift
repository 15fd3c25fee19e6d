import OrkValue

/// Services, Ingresses and NetworkPolicies: how traffic reaches (or may not reach) a CR's pods.
enum ServiceManifests {
    static func service(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        let type = try fields.choice("type", ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]) ?? "ClusterIP"
        let headless = try fields.bool("headless") ?? false
        if headless, type != "ClusterIP" {
            throw ChildRenderError(field: "headless", message: "a headless Service must have type ClusterIP, not \(type)")
        }
        guard type != "ExternalName" else {
            throw ChildRenderError(field: "type", message: "ExternalName Services are not supported (use a custom child)")
        }
        let proto = try fields.choice("protocol", PodTemplate.protocols) ?? "TCP"
        var ports: [JSONValue] = []
        if let port = try fields.port("port") {
            var entry: [String: JSONValue] = [
                "port": .int(port), "protocol": .string(proto),
                "targetPort": try fields.intOrString("targetPort", range: 1...65535, portName: true) ?? .int(port),
            ]
            if let nodePort = try fields.port("nodePort") {
                guard type != "ClusterIP" else {
                    throw ChildRenderError(field: "nodePort", message: "needs type NodePort or LoadBalancer")
                }
                entry["nodePort"] = .int(nodePort)
            }
            ports.append(.object(entry))
        } else if fields.has("targetPort") || fields.has("nodePort") {
            throw ChildRenderError(field: "port", message: "is required when targetPort or nodePort is set")
        }
        let listed = try fields.mapList("ports") ?? []
        for (index, var entry) in listed.enumerated() {
            let field = "ports[\(index)]"
            guard let port = entry["port"] else { throw ChildRenderError(field: "\(field).port", message: "is required") }
            guard let number = port.intValue ?? port.stringValue.flatMap({ Int($0) }), (1...65535).contains(number) else {
                throw ChildRenderError(field: "\(field).port", message: "\(port.plainText) is not a port number 1…65535")
            }
            entry["port"] = .int(number)
            if let target = entry["targetPort"] {
                entry["targetPort"] = try ManifestFields.intOrString(target, field: "\(field).targetPort", range: 1...65535, portName: true)
            }
            entry["protocol"] = .string(try ManifestFields.choice(entry["protocol"]?.stringValue ?? proto, PodTemplate.protocols,
                                                                 field: "\(field).protocol"))
            if let node = entry["nodePort"], !(node.intValue.map { (1...65535).contains($0) } ?? false) {
                throw ChildRenderError(field: "\(field).nodePort", message: "\(node.plainText) is not a port number 1…65535")
            }
            ports.append(.object(entry))
        }
        if ports.count > 1 {
            // Kubernetes requires a unique name on every port of a multi-port Service.
            var names = Set<String>()
            for port in ports {
                guard let name = port["name"]?.stringValue, KubernetesSyntax.isPortName(name), names.insert(name).inserted else {
                    throw ChildRenderError(field: "ports", message: "every port of a multi-port Service needs a unique name (use ports, not port)")
                }
            }
        }
        if ports.isEmpty, !headless {
            throw ChildRenderError(field: "port", message: "a Service needs port or ports (or headless: true)")
        }
        let selector = try fields.labelMap("selector") ?? context.defaultPodSelector
        var spec: [String: JSONValue] = [
            "type": .string(type), "selector": .object(selector.mapValues(JSONValue.string)),
        ]
        if !ports.isEmpty { spec["ports"] = .array(ports) }
        if headless { spec["clusterIP"] = "None" }
        return ["spec": .object(spec)]
    }

    static func ingress(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var spec: [String: JSONValue] = [:]
        if let className = try fields.string("className") { spec["ingressClassName"] = .string(className) }
        if let tls = try fields.mapList("tls") { spec["tls"] = .array(tls.map(JSONValue.object)) }
        if let rules = try fields.mapList("rules") {
            for key in ["host", "serviceName", "servicePort", "path", "pathType"] where fields.has(key) {
                throw ChildRenderError(field: key, message: "cannot be combined with rules")
            }
            spec["rules"] = .array(rules.map(JSONValue.object))
            return ["spec": .object(spec)]
        }
        let services = context.siblings.filter { $0.kind == .services }
        let onlyService = services.count == 1 ? services.first : nil
        let serviceName = try fields.string("serviceName") ?? onlyService?.name ?? context.child.name
        let port: JSONValue
        if let explicit = try fields.intOrString("servicePort", range: 1...65535, portName: true) {
            port = explicit
        } else if fields.has("serviceName") == false, let siblingPort = onlyService?.fields["port"]?.intValue {
            port = .int(siblingPort)
        } else {
            port = 80
        }
        let backendPort: JSONValue = port.intValue.map { ["number": .int($0)] } ?? ["name": port]
        let path = try fields.string("path") ?? "/"
        guard path.hasPrefix("/") else { throw ChildRenderError(field: "path", message: "\"\(path)\" must start with /") }
        let pathType = try fields.choice("pathType", ["Prefix", "Exact", "ImplementationSpecific"]) ?? "Prefix"
        var rule: [String: JSONValue] = [
            "http": ["paths": [[
                "path": .string(path), "pathType": .string(pathType),
                "backend": ["service": ["name": .string(serviceName), "port": backendPort]],
            ]]],
        ]
        if let host = try fields.string("host") { rule["host"] = .string(host) }
        spec["rules"] = [.object(rule)]
        return ["spec": .object(spec)]
    }

    static func networkPolicy(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        let selector = try fields.labelMap("podSelector") ?? context.defaultPodSelector
        var spec: [String: JSONValue] = ["podSelector": ManifestContext.matchLabels(selector)]
        var types: [String] = []
        if let listed = try fields.stringList("policyTypes") {
            for (index, type) in listed.enumerated() {
                types.append(try ManifestFields.choice(type, ["Ingress", "Egress"], field: "policyTypes[\(index)]"))
            }
        } else {
            types = ["Ingress"] + (fields.has("egress") ? ["Egress"] : [])
        }
        spec["policyTypes"] = .array(types.map(JSONValue.string))
        if let ingress = try fields.mapList("ingress") { spec["ingress"] = .array(ingress.map(JSONValue.object)) }
        if let egress = try fields.mapList("egress") { spec["egress"] = .array(egress.map(JSONValue.object)) }
        return ["spec": .object(spec)]
    }
}
