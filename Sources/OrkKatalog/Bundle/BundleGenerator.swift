import OrkValue

/// A component `ork generate bundle` can emit RBAC for.
public enum BundleComponent: String, Sendable, Hashable, CaseIterable {
    case runtime, gateway, controlCenter = "controlcenter"

    /// Parses a `--for` name, accepting the aliases `run`, `gw`, `cc` and `control-center`.
    public init?(name: String) {
        switch name.lowercased() {
        case "runtime", "run": self = .runtime
        case "gateway", "gw": self = .gateway
        case "controlcenter", "control-center", "cc": self = .controlCenter
        default: return nil
        }
    }

    var serviceAccount: String {
        switch self {
        case .runtime: return OrkNames.runtimeServiceAccount
        case .gateway: return OrkNames.gatewayServiceAccount
        case .controlCenter: return OrkNames.controlCenterServiceAccount
        }
    }
}

/// Builds the install bundle for a Katalog: Namespace, ServiceAccounts, per component a ClusterRole
/// and ClusterRoleBinding for what it needs cluster-wide and a Role and RoleBinding in the bundle's
/// namespace for what it needs only there (Secrets, Leases, Endpoints), and a ConfigMap embedding the Katalog
/// (and the CRD/CR files it references, so the runtime can read them in the pod).
public struct BundleGenerator: Sendable {
    public let katalog: Katalog
    public let namespace: String
    public let components: [BundleComponent]
    /// Extra files to embed beside the Katalog in the ConfigMap: file name → text.
    public let files: [String: String]
    /// Whether the runtime's replicas share the CRs by shard: its Role then also covers shard Leases.
    public let sharding: Bool

    public init(katalog: Katalog, namespace: String = OrkNames.defaultNamespace,
                components: [BundleComponent] = BundleComponent.allCases, files: [String: String] = [:],
                sharding: Bool = false) {
        self.katalog = katalog
        self.namespace = namespace
        self.components = BundleComponent.allCases.filter { components.contains($0) }
        self.files = files
        self.sharding = sharding
    }

    var labels: JSONValue {
        .object([
            "app.kubernetes.io/part-of": "orkestra",
            "app.kubernetes.io/managed-by": "ork",
            "orkestra.orkspace.io/katalog": .string(katalog.metadata.name),
        ])
    }

    func metadata(_ name: String, namespaced: Bool) -> JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name), "labels": labels]
        if namespaced { fields["namespace"] = .string(namespace) }
        return .object(fields)
    }

    /// The ConfigMap name holding the Katalog (`<metadata.name>-katalog`).
    public var configMapName: String { "\(katalog.metadata.name)-katalog" }

    /// The bundle's objects, in apply order.
    public func objects() -> [JSONValue] {
        let rbac = RBACDerivation(katalog: katalog)
        var objects: [JSONValue] = [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata(namespace, namespaced: false)],
        ]
        let wanted = components.filter { $0 != .gateway || katalog.security.needsGateway }
        for component in wanted {
            objects.append(["apiVersion": "v1", "kind": "ServiceAccount",
                            "metadata": metadata(component.serviceAccount, namespaced: true)])
        }
        for component in wanted {
            let access: ComponentRBAC
            switch component {
            case .runtime: access = rbac.runtimeRBAC(sharding: sharding)
            case .gateway: access = rbac.gatewayRBAC(katalogConfigMap: configMapName)
            case .controlCenter: access = rbac.controlCenterRBAC()  // the HTTP APIs; Services, pods, pods/proxy in its namespace
            }
            let roleName = "orkestra:\(katalog.metadata.name):\(component.rawValue)"
            for (kind, binding, rules, namespaced) in [("ClusterRole", "ClusterRoleBinding", access.clusterRules, false),
                                                       ("Role", "RoleBinding", access.namespaceRules, true)]
            where !rules.isEmpty {
                objects.append([
                    "apiVersion": "rbac.authorization.k8s.io/v1", "kind": .string(kind),
                    "metadata": metadata(roleName, namespaced: namespaced), "rules": .array(rules.map(\.jsonValue)),
                ])
                objects.append([
                    "apiVersion": "rbac.authorization.k8s.io/v1", "kind": .string(binding),
                    "metadata": metadata(roleName, namespaced: namespaced),
                    "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(kind), "name": .string(roleName)],
                    "subjects": [["kind": "ServiceAccount", "name": .string(component.serviceAccount),
                                  "namespace": .string(namespace)]],
                ])
            }
        }
        var data: [String: JSONValue] = ["katalog.yaml": .string(katalog.sourceText)]
        for (name, text) in files { data[name] = .string(text) }
        objects.append(["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata(configMapName, namespaced: true),
                        "data": .object(data)])
        return objects
    }

    /// The bundle as one YAML stream.
    public func yaml() -> String {
        "# Generated by `ork generate bundle` for Katalog \(katalog.metadata.name). Apply with kubectl apply -f.\n"
            + YAMLWriter.stream(objects())
    }
}
