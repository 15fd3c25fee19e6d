import Testing
import OrkKatalog

/// `allowedNamespaces`/`restrictedNamespaces` of `spec.security.namespaceProtection` and of a CRD:
/// decoded, checked, merged additively, and the refusal names the Katalog fields that say so.
@Suite struct NamespaceRulesLoaderTests {
    static let protection = """
      security:
        namespaceProtection:
          failurePolicy: Ignore
          allowedNamespaces: [shop, blog]
          restrictedNamespaces: [kube-system]
    """

    @Test func globalAndPerCRDListsMergeAndRefusalsNameTheirFields() throws {
        let result = load(katalogText(entry: """
              restrictedNamespaces: [legacy]
              allowedNamespaces: [legacy-2]
        """, spec: Self.protection))
        #expect(result.errors.isEmpty, "\(result.errorMessages)")
        let katalog = try #require(result.katalog)
        let entry = try #require(katalog.crd("app"))
        #expect(katalog.security.namespaceProtection == NamespaceProtection(
            enabled: true, failurePolicy: .ignore, rules: NamespaceRules(allowed: ["shop", "blog"], restricted: ["kube-system"])))
        #expect(katalog.namespaceRules(for: entry) == NamespaceRules(allowed: ["shop", "blog", "legacy-2"],
                                                                     restricted: ["kube-system", "legacy"]))
        #expect(katalog.namespaceRefusal(for: entry, namespace: "shop") == nil)
        #expect(katalog.namespaceRefusal(for: entry, namespace: "legacy-2") == nil)
        #expect(katalog.namespaceRefusal(for: entry, namespace: nil) == nil)
        #expect(katalog.namespaceRefusal(for: entry, namespace: "kube-system")
            == "namespace \"kube-system\" is in restrictedNamespaces (spec.security.namespaceProtection.restrictedNamespaces of Katalog test)")
        #expect(katalog.namespaceRefusal(for: entry, namespace: "legacy")
            == "namespace \"legacy\" is in restrictedNamespaces (spec.crds.app.restrictedNamespaces of Katalog test)")
        #expect(katalog.namespaceRefusal(for: entry, namespace: "default")
            == "namespace \"default\" is not in allowedNamespaces [shop, blog, legacy-2] "
            + "(spec.crds.app.allowedNamespaces, spec.security.namespaceProtection.allowedNamespaces of Katalog test)")
        #expect(katalog.namespaceGuardedCRDs.map(\.key) == ["app"])
        #expect(katalog.security.needsGateway)
    }

    @Test func disabledProtectionKeepsOnlyTheCRDsOwnListsAndNoWebhook() throws {
        let result = load(katalogText(entry: "      restrictedNamespaces: [legacy]", spec: """
          security:
            namespaceProtection: {enabled: false, restrictedNamespaces: [kube-system]}
        """))
        let katalog = try #require(result.katalog)
        let entry = try #require(katalog.crd("app"))
        #expect(katalog.namespaceRules(for: entry) == NamespaceRules(restricted: ["legacy"]))
        #expect(katalog.namespaceRefusal(for: entry, namespace: "kube-system") == nil)
        #expect(katalog.namespaceGuardedCRDs.isEmpty)
        #expect(!katalog.security.needsGateway)
    }

    @Test(arguments: [
        ("      restrictedNamespaces: [Kube_System]", "is not a namespace name"),
        ("      allowedNamespaces: [a]\n      restrictedNamespaces: [a]", "is both allowed and restricted"),
        ("      allowedNamespaces: 7", "expected"),
    ])
    func malformedListsAreErrors(line: String, message: String) {
        let result = load(katalogText(entry: line))
        #expect(result.hasError(containing: message), "\(result.errorMessages)")
    }

    @Test func aClusterScopedCRDCannotHaveNamespaceRules() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                node:
                  apiTypes: {group: demo.io, version: v1, kind: Node, plural: nodes, namespaced: false}
                  restrictedNamespaces: [kube-system]
            """)
        #expect(result.hasError(containing: "apply to namespaced CRDs; Node is cluster-scoped"), "\(result.errorMessages)")
    }
}
