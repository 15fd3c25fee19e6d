import FoundationEssentials
import OrkKatalog
import OrkValue

/// Where the API server reaches the webhooks: the gateway's Service (in a cluster) or a URL
/// (`--dev`, `--advertise-url`).
public enum WebhookEndpoint: Sendable, Hashable {
    case service(namespace: String, name: String, port: Int)
    case url(String)

    func clientConfig(path: String, caBundle: String) -> JSONValue {
        let ca = JSONValue.string(Base64.encode(caBundle.utf8))
        switch self {
        case .service(let namespace, let name, let port):
            return ["service": ["namespace": .string(namespace), "name": .string(name), "path": .string(path), "port": .int(port)],
                    "caBundle": ca]
        case .url(let base):
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            return ["url": .string(trimmed + path), "caBundle": ca]
        }
    }
}

/// The webhook configurations a Katalog needs, as server-side-apply documents. A configuration
/// exists only when it has rules: validation for CRDs with validation rules (admission enabled) and
/// namespace protection for CRDs with namespace rules (one validating configuration, a webhook
/// each), mutation for CRDs with mutation rules, deletion protection when it is enabled. Admission
/// uses the Katalog's failure policy (Ignore by default); namespace and deletion protection their
/// own (Fail by default).
///
/// The API server never sends changes to webhook configurations themselves to webhooks, so the
/// gateway's own configurations are protected by being re-created (`WebhookRegistrar`), not by a rule.
public struct WebhookConfigurations: Sendable {
    public static let labels: JSONValue = [
        "app.kubernetes.io/name": "orkestra", "app.kubernetes.io/managed-by": "orkestra-gateway",
        "orkestra.io/deletion-protection": "true",
    ]
    public static let selector = "app.kubernetes.io/managed-by=orkestra-gateway"

    public let katalog: Katalog
    public let endpoint: WebhookEndpoint
    public let timeoutSeconds: Int

    public init(katalog: Katalog, endpoint: WebhookEndpoint, timeoutSeconds: Int = 5) {
        self.katalog = katalog
        self.endpoint = endpoint
        self.timeoutSeconds = timeoutSeconds
    }

    static func rule(_ entry: CRDEntry, operations: [String]) -> JSONValue {
        ["apiGroups": [.string(entry.api.group)], "apiVersions": ["*"], "resources": [.string(entry.api.plural)],
         "operations": .array(operations.map(JSONValue.string)), "scope": .string(entry.api.namespaced ? "Namespaced" : "Cluster")]
    }

    func webhook(_ name: String, path: String, rules: [JSONValue], policy: FailurePolicy, caBundle: String,
                 extra: [String: JSONValue] = [:]) -> JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string(name), "rules": .array(rules), "failurePolicy": .string(policy.rawValue),
            "sideEffects": "None", "timeoutSeconds": .int(timeoutSeconds), "admissionReviewVersions": ["v1"],
            "matchPolicy": "Equivalent", "clientConfig": endpoint.clientConfig(path: path, caBundle: caBundle),
        ]
        for (key, value) in extra { fields[key] = value }
        return .object(fields)
    }

    static func configuration(kind: String, name: String, webhooks: [JSONValue]) -> JSONValue {
        ["apiVersion": "admissionregistration.k8s.io/v1", "kind": .string(kind),
         "metadata": ["name": .string(name), "labels": labels], "webhooks": .array(webhooks)]
    }

    /// Desired configurations by `(kind, name)`; a configuration absent here must not exist.
    public func desired(caBundle: String) -> [(kind: String, name: String, object: JSONValue)] {
        var result: [(kind: String, name: String, object: JSONValue)] = []
        let security = katalog.security
        var validating: [JSONValue] = []
        if security.admissionEnabled {
            let validated = katalog.crds.filter { !$0.validation.isEmpty }
            if !validated.isEmpty {
                validating.append(webhook(GatewayNames.validatingWebhook, path: "/validate",
                                          rules: validated.map { Self.rule($0, operations: ["CREATE", "UPDATE"]) },
                                          policy: security.admissionFailurePolicy, caBundle: caBundle))
            }
        }
        let guarded = katalog.namespaceGuardedCRDs
        if let protection = security.namespaceProtection, !guarded.isEmpty {
            validating.append(webhook(GatewayNames.namespaceWebhook, path: "/namespace-protection",
                                      rules: guarded.map { Self.rule($0, operations: ["CREATE"]) },
                                      policy: protection.failurePolicy, caBundle: caBundle))
        }
        if !validating.isEmpty {
            result.append(("ValidatingWebhookConfiguration", GatewayNames.validatingConfiguration,
                           Self.configuration(kind: "ValidatingWebhookConfiguration", name: GatewayNames.validatingConfiguration,
                                              webhooks: validating)))
        }
        if security.admissionEnabled {
            let mutated = katalog.crds.filter { !$0.mutation.rules.isEmpty }
            if !mutated.isEmpty {
                let hook = webhook(GatewayNames.mutatingWebhook, path: "/mutate",
                                   rules: mutated.map { Self.rule($0, operations: ["CREATE", "UPDATE"]) },
                                   policy: security.admissionFailurePolicy, caBundle: caBundle,
                                   extra: ["reinvocationPolicy": "IfNeeded"])
                result.append(("MutatingWebhookConfiguration", GatewayNames.mutatingConfiguration,
                               Self.configuration(kind: "MutatingWebhookConfiguration", name: GatewayNames.mutatingConfiguration,
                                                  webhooks: [hook])))
            }
        }
        if let protection = security.deletionProtection, protection.enabled {
            let crds: JSONValue = ["apiGroups": ["apiextensions.k8s.io"], "apiVersions": ["*"],
                                   "resources": ["customresourcedefinitions"], "operations": ["DELETE"], "scope": "*"]
            var operations: [JSONValue] = ["DELETE"]
            if protection.strictMode { operations.append("UPDATE") }
            let labelled: JSONValue = ["apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*"],
                                       "operations": .array(operations), "scope": "*"]
            let selector: JSONValue = ["matchLabels": [.init(stringLiteral: GatewayNames.protectionLabel): "true"]]
            let hooks = [
                webhook(GatewayNames.crdProtectionWebhook, path: "/deletion-protection", rules: [crds],
                        policy: protection.failurePolicy, caBundle: caBundle),
                webhook(GatewayNames.resourceProtectionWebhook, path: "/deletion-protection", rules: [labelled],
                        policy: protection.failurePolicy, caBundle: caBundle, extra: ["objectSelector": selector]),
            ]
            result.append(("ValidatingWebhookConfiguration", GatewayNames.protectionConfiguration,
                           Self.configuration(kind: "ValidatingWebhookConfiguration", name: GatewayNames.protectionConfiguration,
                                              webhooks: hooks)))
        }
        return result
    }

    /// The merge patch that points a conversion CRD at `/convert`.
    public func conversionPatch(caBundle: String) -> JSONValue {
        ["spec": ["conversion": ["strategy": "Webhook", "webhook": [
            "conversionReviewVersions": ["v1"], "clientConfig": endpoint.clientConfig(path: "/convert", caBundle: caBundle),
        ]]]]
    }
}
