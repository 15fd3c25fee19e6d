import Testing
import OrkKatalog

@Suite struct KatalogReportTests {
    @Test func websiteBlockHasTheFamiliarShape() {
        let file = Repo.path("examples/website/katalog.yaml")
        let text = KatalogReport(result: KatalogLoader.load(file: file), file: "katalog.yaml").text()
        #expect(text == """
            Katalog website-operator 0.1.0 (katalog.yaml)
            ✓ website
                kind: Website
                group: demo.orkestra.io / version: v1alpha1 / plural: websites
                mode: dynamic / workers: 3 / resync: 15s
                validation: 2 rules / mutation: 1 rule

            valid: 1 CRD, 0 warnings

            """)
    }

    @Test func failingCRDsAreMarkedAndErrorsCarryPositionsAndHints() {
        let result = KatalogLoader.load(file: Repo.path("examples/invalid/several-mistakes/katalog.yaml"))
        let report = KatalogReport(result: result, file: "k.yaml")
        let text = report.text()
        #expect(text.contains("✗ application\n"))
        #expect(text.contains("✗ database\n"))
        #expect(text.contains("error: circular dependency: application → namespace → application") == false)
        #expect(text.contains("spec.crds.application.dependsOn: circular dependency: application → namespace → application"))
        #expect(text.contains("      hint: did you mean \"workers\"?"))
        #expect(report.exitCode == 1)
        #expect(report.text(symbols: false).contains("FAIL application"))
    }

    @Test func jsonIsStableAndComplete() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/platform/katalog.yaml"))
        let json = KatalogReport(result: result, file: "k.yaml", full: true).json()
        #expect(json["valid"] == true)
        #expect(json["crds"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["database", "cache", "application", "tenant"])
        #expect(json["startOrder"] == ["database", "cache", "application", "tenant"])
        #expect(json["crds"]?[2]?["dependsOn"] == [["crd": "database", "condition": "healthy"], ["crd": "cache", "condition": "started"]])
        #expect(json["summary"] == ["errors": 0, "warnings": 0])
        // The Control Center's rules are the bundle's: the HTTP APIs, and finding and proxying to the pods.
        let controlCenter = json["rbac"]?["controlcenter"]?.arrayValue ?? []
        #expect(controlCenter.contains(["nonResourceURLs": ["/katalog", "/katalog/*"], "verbs": ["get"]]))
        #expect(controlCenter.contains(["apiGroups": [""], "resources": ["pods/proxy"], "verbs": ["get"]]))
        #expect(json.serialized() == KatalogReport(result: result, file: "k.yaml", full: true).json().serialized())
        let broken = KatalogReport(result: KatalogLoader.load(file: Repo.path("examples/invalid/several-mistakes/katalog.yaml")),
                                   file: "k.yaml").json()
        let first = try #require(broken["diagnostics"]?[0])
        #expect(first["severity"] == "error")
        #expect(first["line"]?.intValue != nil && first["column"]?.intValue != nil)
    }
}
