import OrkValue

/// ServiceAccounts, Roles, ClusterRoles, RoleBindings and ClusterRoleBindings.
enum RBACManifests {
    static let rbacGroup = "rbac.authorization.k8s.io"

    static func body(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        switch context.child.kind {
        case .serviceAccounts: return try serviceAccount(context)
        case .roles, .clusterRoles: return ["rules": .array(try rules(context))]
        default: return try binding(context)
        }
    }

    static func serviceAccount(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let automount = try context.fields.bool("automountServiceAccountToken") {
            body["automountServiceAccountToken"] = .bool(automount)
        }
        if let secrets = try context.fields.stringList("imagePullSecrets") {
            body["imagePullSecrets"] = .array(secrets.map { ["name": .string($0)] })
        }
        return body
    }

    static func rules(_ context: ManifestContext) throws(ChildRenderError) -> [JSONValue] {
        guard let rules = try context.fields.mapList("rules"), !rules.isEmpty else {
            throw ChildRenderError(field: "rules", message: "at least one rule is required")
        }
        var out: [JSONValue] = []
        for (index, rule) in rules.enumerated() {
            let field = "rules[\(index)]"
            var clean: [String: JSONValue] = [:]
            for (key, value) in rule {
                guard ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"].contains(key) else {
                    throw ChildRenderError(field: "\(field).\(key)", message: "unknown rule key")
                }
                guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw ChildRenderError(field: "\(field).\(key)", message: "expected a list of strings")
                }
                clean[key] = value
            }
            guard let verbs = clean["verbs"]?.arrayValue, !verbs.isEmpty else {
                throw ChildRenderError(field: "\(field).verbs", message: "at least one verb is required")
            }
            if clean["nonResourceURLs"] == nil {
                guard clean["resources"] != nil else {
                    throw ChildRenderError(field: "\(field).resources", message: "is required (or nonResourceURLs)")
                }
                if clean["apiGroups"] == nil { clean["apiGroups"] = [""] }
            } else if context.child.kind == .roles {
                throw ChildRenderError(field: "\(field).nonResourceURLs", message: "only ClusterRoles may use nonResourceURLs")
            }
            out.append(.object(clean))
        }
        return out
    }

    /// roleRef defaults: apiGroup rbac.authorization.k8s.io, kind Role (RoleBinding) or ClusterRole.
    /// Subjects default to kind ServiceAccount in the CR's namespace.
    static func binding(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        guard let ref = try context.fields.map("roleRef") else {
            throw ChildRenderError(field: "roleRef", message: "is required")
        }
        guard let roleName = ref["name"]?.stringValue, !roleName.isEmpty else {
            throw ChildRenderError(field: "roleRef.name", message: "is required")
        }
        let kinds = context.child.kind == .roleBindings ? ["Role", "ClusterRole"] : ["ClusterRole"]
        let roleKind = try ManifestFields.choice(ref["kind"]?.stringValue ?? kinds[0], kinds, field: "roleRef.kind")
        let roleRef: JSONValue = ["apiGroup": .string(rbacGroup), "kind": .string(roleKind), "name": .string(roleName)]
        guard let subjects = try context.fields.mapList("subjects"), !subjects.isEmpty else {
            throw ChildRenderError(field: "subjects", message: "at least one subject is required")
        }
        var out: [JSONValue] = []
        for (index, subject) in subjects.enumerated() {
            let field = "subjects[\(index)]"
            guard let name = subject["name"]?.stringValue, !name.isEmpty else {
                throw ChildRenderError(field: "\(field).name", message: "is required")
            }
            let kind = try ManifestFields.choice(subject["kind"]?.stringValue ?? "ServiceAccount",
                                                 ["ServiceAccount", "User", "Group"], field: "\(field).kind")
            var clean: [String: JSONValue] = ["kind": .string(kind), "name": .string(name)]
            if kind == "ServiceAccount" {
                guard let namespace = subject["namespace"]?.stringValue ?? context.owner.namespace ?? context.namespace else {
                    throw ChildRenderError(field: "\(field).namespace", message: "is required for a ServiceAccount of a cluster-scoped CR")
                }
                clean["namespace"] = .string(namespace)
            } else {
                clean["apiGroup"] = .string(rbacGroup)
                if let namespace = subject["namespace"]?.stringValue { clean["namespace"] = .string(namespace) }
            }
            out.append(.object(clean))
        }
        return ["roleRef": roleRef, "subjects": .array(out)]
    }
}
