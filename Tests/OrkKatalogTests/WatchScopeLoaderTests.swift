import Testing
import OrkKatalog

/// A CRD entry's `enabled`, `namespace` and `labelSelector`, as the Go original's Katalog has them.
@Suite struct WatchScopeLoaderTests {
    /// A Katalog whose `spec.crds` is `crds` (entries indented by four spaces).
    static func katalog(_ crds: String) -> String {
        "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: t}\nspec:\n  crds:\n" + crds
    }

    @Test func namespaceAndLabelSelectorNarrowTheWatch() throws {
        let result = load(katalogText(entry: """
              namespace: shop
              labelSelector: {orkestra.io/team: shop, tier: web}
        """))
        #expect(result.errors.isEmpty, "\(result.errorMessages)")
        let entry = try #require(result.katalog?.crd("app"))
        #expect(entry.namespace == "shop")
        #expect(entry.labelSelectorQuery == "orkestra.io/team=shop,tier=web")
        #expect(CRDEntry(key: "x", api: entry.api).labelSelectorQuery == nil)
    }

    @Test func aDisabledCRDIsSkippedAndCannotBeDependedOn() throws {
        let result = load(Self.katalog("""
                widget:
                  apiTypes: {group: demo.io, version: v1, kind: Widget, plural: widgets}
                  enabled: false
                gadget:
                  apiTypes: {group: demo.io, version: v1, kind: Gadget, plural: gadgets}
                  dependsOn: [widget]
                other:
                  apiTypes: {group: demo.io, version: v1, kind: Other, plural: others}
            """))
        #expect(result.katalog?.crds.map(\.key) == ["gadget", "other"])
        #expect(result.crdKeys == ["widget", "gadget", "other"])
        #expect(result.errorMessages == ["depends on CRD \"widget\", which is disabled (enabled: false)"])
    }

    @Test(arguments: [
        ("namespace: Shop", "is not a namespace name"),
        ("labelSelector: {\"bad key!\": x}", "is not a label key and value"),
        ("labelSelector: {tier: \"-web\"}", "is not a label key and value"),
        ("enabled: maybe", "expected"),
    ])
    func malformedScopesAreErrors(line: String, message: String) {
        let result = load(katalogText(entry: "      " + line))
        #expect(result.hasError(containing: message), "\(result.errorMessages)")
    }

    @Test func aClusterScopedCRDHasNoNamespace() {
        let result = load(Self.katalog("""
                tenant:
                  apiTypes: {group: demo.io, version: v1, kind: Tenant, plural: tenants, namespaced: false}
                  namespace: shop
            """))
        #expect(result.errorMessages == ["namespace applies to namespaced CRDs; Tenant is cluster-scoped"])
    }
}
