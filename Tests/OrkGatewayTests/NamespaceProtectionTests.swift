import OrkKatalog
import OrkValue
import Testing
@testable import OrkGateway

/// The gateway's namespace guard: CREATE of a CR in a namespace the Katalog does not allow is
/// refused (403, naming the rule), other operations pass, and the rule is registered as a webhook of
/// the validating configuration only when some CRD has namespace rules.
@Suite struct NamespaceProtectionTests {
    static func katalog(_ protection: NamespaceProtection?) throws -> Katalog {
        var katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
        katalog.security.namespaceProtection = protection
        return katalog
    }

    static func request(_ operation: String, namespace: String) throws -> AdmissionRequest {
        var object = WebhookTests.website(image: "nginx:1.27")
        object = object.setting(.string(namespace), at: ["metadata", "namespace"]) ?? object
        let body = WebhookTests.admission(operation, group: "demo.orkestra.io", version: "v1", resource: "websites", kind: "Website",
                                          name: "blog", namespace: namespace, object: object)
        return try AdmissionRequest(review: try JSONValue.parse(bytes: body))
    }

    @Test func createsOutsideTheAllowedNamespacesAreRefusedWithTheRule() throws {
        let katalog = try Self.katalog(NamespaceProtection(rules: NamespaceRules(allowed: ["team-a"], restricted: ["kube-system"])))
        let webhook = NamespaceProtectionWebhook(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder())
        #expect(webhook.review(try Self.request("CREATE", namespace: "team-a")).allowed)
        let restricted = webhook.review(try Self.request("CREATE", namespace: "kube-system"))
        #expect(!restricted.allowed && restricted.code == 403)
        #expect(restricted.message == "[Orkestra Security] Website kube-system/blog cannot be created: namespace \"kube-system\" is in "
            + "restrictedNamespaces (spec.security.namespaceProtection.restrictedNamespaces of Katalog \(katalog.metadata.name))")
        let other = webhook.review(try Self.request("CREATE", namespace: "team-b"))
        #expect(!other.allowed && (other.message ?? "").contains("is not in allowedNamespaces [team-a]"))
        // An existing CR stays updatable (its finalizer must be removable).
        #expect(webhook.review(try Self.request("UPDATE", namespace: "kube-system")).allowed)
    }

    @Test func theRuleIsAWebhookOfTheValidatingConfigurationOnlyWithRules() throws {
        let guarded = WebhookConfigurations(katalog: try Self.katalog(NamespaceProtection(rules: NamespaceRules(restricted: ["x"]))),
                                            endpoint: .url("https://gw"))
        let configuration = try #require(guarded.desired(caBundle: "ca").first { $0.name == GatewayNames.validatingConfiguration })
        let hook = try #require(configuration.object["webhooks"]?.arrayValue?.first { $0["name"] == "namespaces.orkestra.orkspace.io" })
        #expect(hook["failurePolicy"] == "Fail")
        #expect(hook.value(atDotted: "clientConfig.url") == "https://gw/namespace-protection")
        #expect(hook["rules"] == [["apiGroups": ["demo.orkestra.io"], "apiVersions": ["*"], "resources": ["websites"],
                                   "operations": ["CREATE"], "scope": "Namespaced"]])

        for protection in [nil, NamespaceProtection(rules: NamespaceRules()),
                           NamespaceProtection(enabled: false, rules: NamespaceRules(restricted: ["x"]))] {
            let plain = WebhookConfigurations(katalog: try Self.katalog(protection), endpoint: .url("https://gw"))
            let hooks = plain.desired(caBundle: "ca").flatMap { $0.object["webhooks"]?.arrayValue ?? [] }
            #expect(!hooks.contains { $0["name"] == "namespaces.orkestra.orkspace.io" })
        }
    }

    @Test func theGatewaysRBACCoversTheValidatingConfigurationForNamespaceRulesAlone() throws {
        var katalog = try Self.katalog(NamespaceProtection(rules: NamespaceRules(restricted: ["x"])))
        katalog.security.admissionEnabled = false
        let rbac = RBACDerivation(katalog: katalog)
        #expect(rbac.gatewayValidates)
        let names = rbac.gatewayRBAC().clusterRules.flatMap(\.resourceNames)
        #expect(names.contains(GatewayNames.validatingConfiguration))
    }
}
