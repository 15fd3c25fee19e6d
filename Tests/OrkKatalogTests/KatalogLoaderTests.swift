import Testing
import OrkKatalog
import OrkTemplate
import OrkValue

@Suite struct KatalogLoaderTests {
    @Test func examplesLoadWithoutDiagnostics() throws {
        for example in ["examples/website/katalog.yaml", "examples/platform/katalog.yaml"] {
            let result = KatalogLoader.load(file: Repo.path(example))
            #expect(result.diagnostics.isEmpty, "\(example): \(result.diagnostics)")
        }
    }

    @Test func websiteExampleIsFullyDecoded() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/website/katalog.yaml"))
        let katalog = try #require(result.katalog)
        let website = try #require(katalog.crd("website"))
        #expect(website.api.kind == "Website")
        #expect(website.api.versions.map(\.name) == ["v1alpha1", "v1"])
        #expect(website.api.storageVersion == "v1alpha1")
        #expect(website.validation.count == 2)
        #expect(website.validation[0].check.op == .notSuffix)
        #expect(website.validation[1].check.op == .between)
        #expect(website.validation[1].check.operand == [1, 10])
        #expect(website.mutation.rules.first?.valueType == .int)
        #expect(website.mutation.rules.first?.value == 2)
        #expect(website.conversion?.paths.count == 2)
        #expect(website.operatorBox.onCreate.map(\.kind) == [.configMaps])
        #expect(website.operatorBox.onReconcile.map(\.kind) == [.deployments, .services])
        #expect(website.operatorBox.reconciler.workers == 3)
        #expect(website.operatorBox.reconciler.resync == .seconds(15))
        #expect(website.operatorBox.status.fields.map(\.path) == ["phase", "url", "replicas"])
        #expect(katalog.security.admissionEnabled && katalog.security.conversionEnabled)
    }

    @Test func reportsEveryMistakeOfTheInvalidExampleWithLines() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/invalid/several-mistakes/katalog.yaml"))
        let errors = result.errors
        func line(of text: String) -> Int? { errors.first { $0.message.contains(text) }?.position?.line }
        #expect(line(of: "unknown key \"wokers\"") == 13)
        #expect(line(of: "circular dependency: application → namespace → application") == 10)
        #expect(line(of: "crdFile ./missing-crd.yaml does not exist") == 22)
        #expect(errors.allSatisfy { $0.position != nil })
    }

    @Test func unknownKeysSuggestTheClosestKey() {
        let result = load(katalogText(entry: "      operatorBx: {}"))
        let error = result.errors.first
        #expect(error?.message == "unknown key \"operatorBx\"")
        #expect(error?.hint == "did you mean \"operatorBox\"?")
        #expect(error?.position == SourcePosition(file: "k.yaml", line: 10, column: 7))
        #expect(error?.crd == "app")
    }

    @Test func wrongTypesAreReportedWithTheirField() {
        let result = load(katalogText(entry: """
              operatorBox:
                reconciler: {workers: many, resync: 15x, queue: {maxDepth: -1}}
        """))
        #expect(result.hasError(containing: "expected an integer, found \"many\""))
        #expect(result.hasError(containing: "invalid duration \"15x\""))
        #expect(result.hasError(containing: "-1 is out of range"))
        #expect(result.errors.count == 3)
    }

    @Test(arguments: ["MyApp", "my_app", "9app", "app-", String(repeating: "a", count: 64)])
    func crdKeysMustBeDNSLabels(_ key: String) {
        let result = load(katalogText(key: key))
        #expect(result.hasError(containing: "is not a lowercase DNS label"))
    }

    @Test func crdListFormIsRejectedWithAMigrationHint() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                - name: app
            """)
        #expect(result.errors.first?.hint?.contains("instead of `- name: website`") == true)
    }

    @Test func dependsOnAcceptsThreeForms() throws {
        let base = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                a: {apiTypes: {group: g.io, version: v1, kind: A, plural: as}}
                b: {apiTypes: {group: g.io, version: v1, kind: B, plural: bs}}
                c:
                  apiTypes: {group: g.io, version: v1, kind: C, plural: cs}
                  dependsOn: DEPS
            """
        for (deps, expected) in [
            ("[a, b]", [Dependency.Condition.started, .started]),
            ("{a: healthy, b: started}", [.healthy, .started]),
            ("{a: {condition: healthy}, b: {}}", [.healthy, .started]),
        ] {
            let result = load(base.replacingOccurrences(of: "DEPS", with: deps))
            #expect(result.diagnostics.isEmpty, "\(deps): \(result.diagnostics)")
            let c = try #require(result.katalog?.crd("c"))
            #expect(c.dependsOn.map(\.crd) == ["a", "b"])
            #expect(c.dependsOn.map(\.condition) == expected)
        }
        let bad = load(base.replacingOccurrences(of: "DEPS", with: "{a: ready, d: started}"))
        #expect(bad.hasError(containing: "unknown dependency condition \"ready\""))
        #expect(bad.hasError(containing: "depends on unknown CRD \"d\""))
    }

    @Test func threeNodeCycleIsPrintedAsAPath() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                a: {apiTypes: {group: g.io, version: v1, kind: A, plural: as}, dependsOn: [c]}
                b: {apiTypes: {group: g.io, version: v1, kind: B, plural: bs}, dependsOn: [a]}
                c: {apiTypes: {group: g.io, version: v1, kind: C, plural: cs}, dependsOn: [b]}
                d: {apiTypes: {group: g.io, version: v1, kind: D, plural: ds}, dependsOn: [d]}
            """)
        #expect(result.errorMessages.contains("circular dependency: a → c → b → a"))
        #expect(result.errorMessages.contains("circular dependency: d → d"))
        #expect(result.errors.count == 2)
    }

    @Test func aCRDWithErrorsOfItsOwnIsStillKnownToTheDependencyGraph() throws {
        // b has no plural (an error of its own) and does not decode; a depends on it, and b → c → b is a
        // cycle through it. Neither may turn into "unknown CRD", nor may the cycle go unreported.
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                a: {apiTypes: {group: g.io, version: v1, kind: A, plural: as}, dependsOn: [b, bb]}
                b: {apiTypes: {group: g.io, version: v1, kind: B}, dependsOn: [c]}
                c: {apiTypes: {group: g.io, version: v1, kind: C, plural: cs}, dependsOn: [b]}
            """)
        #expect(result.katalog?.crds.map(\.key) == ["a", "c"])
        #expect(result.crdKeys == ["a", "b", "c"])
        #expect(result.errorMessages.contains("apiTypes.plural is required (the GVK must be complete)"))
        #expect(!result.errorMessages.contains("depends on unknown CRD \"b\""))
        let cycle = try #require(result.errors.first { $0.message == "circular dependency: b → c → b" })
        #expect(cycle.position?.line == 7)
        #expect(cycle.crd == "b")
        let unknown = try #require(result.errors.first { $0.message == "depends on unknown CRD \"bb\"" })
        #expect(unknown.hint == "did you mean \"b\"?")
        #expect(result.errors.count == 3)
    }

    @Test func anUnknownTargetsHintListsCRDsThatDidNotDecode() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                alpha: {apiTypes: {group: g.io, version: v1, kind: A, plural: as}, dependsOn: [zzzzzz]}
                broken: {dependsOn: [alpha]}
            """)
        let unknown = result.errors.first { $0.message == "depends on unknown CRD \"zzzzzz\"" }
        #expect(unknown?.hint == "known CRDs: alpha, broken")
        #expect(result.hasError(containing: "no crdFile or apiTypes"))
        #expect(result.errors.count == 2)
    }

    @Test func crdFileIsReadAndSeveralCRDsAreDisambiguated() throws {
        let crds = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              group: g.io
              scope: Cluster
              names: {kind: Alpha, plural: alphas, singular: alpha}
              versions: [{name: v1, served: true, storage: true, subresources: {status: {}}}]
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              group: g.io
              names: {kind: Beta, plural: betas}
              versions: [{name: v2, served: true, storage: true}]
            """
        let text = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                alpha: {crdFile: ./crds.yaml}
                other: {crdFile: ./crds.yaml, apiTypes: {kind: Beta}}
                third: {crdFile: crds.yaml}
            """
        let result = load(text, files: ["./crds.yaml": crds, "crds.yaml": crds])
        let alpha = try #require(result.katalog?.crd("alpha"))
        #expect(alpha.api.namespaced == false)
        #expect(alpha.api.versions.first?.statusSubresource == true)
        #expect(result.katalog?.crd("other")?.api.plural == "betas")
        #expect(result.hasError(containing: "holds several CRDs (Alpha, Beta)"))
        #expect(result.errors.count == 1)
    }

    @Test func crFilesMustHoldObjectsOfTheCRD() {
        let text = katalogText(entry: "      crFiles: [./cr.yaml, ./nope.yaml]")
        let cr = """
            apiVersion: demo.io/v1
            kind: App
            metadata: {name: ok}
            ---
            apiVersion: other.io/v1
            kind: Thing
            metadata: {}
            """
        let result = load(text, files: ["cr.yaml": cr])
        #expect(result.hasError(containing: "object is other.io/v1 Thing, expected demo.io/… App"))
        #expect(result.hasError(containing: "crFile ./nope.yaml does not exist"))
    }

    @Test func missingCRFilesAreWarningsWhenTheyAreNotApplied() {
        // A deployed runtime (ork run --no-apply) and the gateway read the bundle's ConfigMap,
        // which carries the Katalog and its crdFiles but not the development crFiles.
        let text = katalogText(entry: "      crFiles: [./crs/sample.yaml]")
        let deployed = KatalogLoader.load(text: text, file: "/etc/orkestra/katalog/katalog.yaml",
                                          fileSystem: MemoryFileSystem(files: [:]), requireCRFiles: false)
        #expect(!deployed.hasErrors)
        #expect(deployed.hasWarning(containing: "crFile ./crs/sample.yaml does not exist"))
        let development = KatalogLoader.load(text: text, file: "/etc/orkestra/katalog/katalog.yaml",
                                             fileSystem: MemoryFileSystem(files: [:]))
        #expect(development.hasError(containing: "crFile ./crs/sample.yaml does not exist"))
    }

    @Test func incompleteAPITypesAreErrors() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: t}
            spec:
              crds:
                a: {apiTypes: {group: g.io, kind: A}}
                b: {description: nothing}
            """)
        #expect(result.hasError(containing: "apiTypes.version is required"))
        #expect(result.hasError(containing: "apiTypes.plural is required"))
        #expect(result.hasError(containing: "no crdFile or apiTypes"))
        #expect(result.crdKeys == ["a", "b"])
        #expect(result.katalog?.crds.isEmpty == true)
    }

    @Test func childKindsCheckTheirRequiredAndTypedFields() {
        let result = load(katalogText(entry: """
              operatorBox:
                onReconcile:
                  deployments:
                    - name: web
                      replicas: three
                  cronJobs:
                    - {name: nightly, image: busybox:1}
                  roles:
                    - {name: r}
                  custom:
                    - {name: x}
                  services:
                    - {name: web, port: "{{ .spec.port }}", colour: blue}
        """))
        #expect(result.hasError(containing: "missing required key \"image\""))
        #expect(result.hasError(containing: "expected an integer or a {{ }} template, found \"three\""))
        #expect(result.hasError(containing: "missing required key \"schedule\""))
        #expect(result.hasError(containing: "missing required key \"rules\""))
        #expect(result.hasError(containing: "missing required key \"apiVersion\""))
        #expect(result.hasError(containing: "missing required key \"kind\""))
        #expect(result.hasError(containing: "unknown key \"colour\""))
    }

    @Test func duplicateChildNamesAreErrors() {
        let result = load(katalogText(entry: """
              operatorBox:
                onCreate:
                  configMaps:
                    - {name: "{{ .metadata.name }}-cfg"}
                onReconcile:
                  configMaps:
                    - {name: "{{ .metadata.name }}-cfg"}
                  services:
                    - {port: 80}
                    - {port: 81}
        """))
        #expect(result.hasError(containing: "duplicate configMaps name \"{{ .metadata.name }}-cfg\""))
        #expect(result.hasError(containing: "duplicate services name \"{{ .metadata.name }}-svc\""))
    }

    @Test func customChildrenNeedAKnownPlural() {
        let result = load(katalogText(entry: """
              operatorBox:
                onReconcile:
                  custom:
                    - {name: a, apiVersion: v1, kind: Namespace}
                    - {name: b, apiVersion: demo.io/v1, kind: App}
                    - {name: c, apiVersion: cert-manager.io/v1, kind: Certificate, plural: certificates}
                    - {name: d, apiVersion: example.com/v1, kind: Widget}
        """))
        #expect(result.errorMessages == ["the plural resource name of Widget.example.com is unknown"])
    }

    @Test func mutationRulesNeedExactlyOneValue() {
        let result = load(katalogText(entry: """
              mutation:
                rules:
                  - {field: spec.a, default: 1, override: 2}
                  - {field: spec.b}
                  - {field: spec.c, default: x, valueType: decimal}
        """))
        #expect(result.hasError(containing: "either default or override, not both"))
        #expect(result.hasError(containing: "needs default or override"))
        #expect(result.hasError(containing: "unknown valueType \"decimal\""))
    }

    @Test func conditionShorthandsDecodeToOperators() throws {
        let result = load(katalogText(entry: """
              validation:
                rules:
                  - {field: spec.a, gt: 3, message: m}
                  - {field: spec.b, exists: false, message: m}
                  - {field: spec.c, value: x, message: m, action: warn}
                  - {field: spec.d, message: m}
                  - {field: spec.e, operator: in, value: [a, b], message: m}
                  - {field: spec.f, prefix: a, suffix: b, message: m}
                  - {field: spec.g, operator: bigger, value: 1, message: m}
                  - {field: spec.h, message: m, fires: {reconcile: false}}
        """))
        let rules = try #require(result.katalog?.crd("app")?.validation)
        #expect(rules.map(\.check.op) == [.greaterThan, .notExists, .equals, .exists, .in, .exists])
        #expect(rules[2].action == .warn)
        #expect(rules[5].firesAtReconcile == false)
        #expect(result.hasError(containing: "more than one operator (prefix, suffix)"))
        #expect(result.hasError(containing: "unknown operator \"bigger\""))
    }

    @Test func conversionPathsMustNameCRDVersions() {
        let result = load(katalogText(entry: """
              conversion:
                paths:
                  - {from: v1, to: v2}
                  - {from: v1, to: v1}
        """))
        #expect(result.hasError(containing: "conversion needs a CRD with at least two versions"))
        #expect(result.hasError(containing: "version \"v2\" is not in the CRD"))
        #expect(result.hasError(containing: "from and to are the same version"))
        #expect(result.hasWarning(containing: "spec.security.conversion.enabled is false"))
    }

    @Test func notificationTeamsMustExist() {
        let result = load(katalogText(entry: """
              operatorBox:
                status:
                  fields:
                    - {path: phase, value: Down, notify: {teams: [platfrom]}}
        """, spec: """
          notification:
            teams:
              platform: {slackWebhookUrl: "https://hooks.example/x"}
        """))
        #expect(result.errors.first?.message == "notification team \"platfrom\" is not declared in spec.notification.teams")
        #expect(result.errors.first?.hint == "did you mean \"platform\"?")
    }

    @Test func reservedStatusPathsAreRefused() {
        let result = load(katalogText(entry: """
              operatorBox:
                status:
                  fields:
                    - {path: conditions, value: x}
                    - {path: observedGeneration.x, value: 1}
        """))
        #expect(result.errors.count == 2)
    }

    @Test func admissionSettingsAreCheckedAgainstRules() {
        let enabledWithoutRules = load(katalogText(spec: """
          security:
            webhooks: {admission: {enabled: true}, failurePolicy: Sometimes}
        """))
        #expect(enabledWithoutRules.hasWarning(containing: "no CRD declares validation or mutation rules"))
        #expect(enabledWithoutRules.hasError(containing: "\"Sometimes\" is not one of Ignore, Fail"))
        let admissionOnlyButDisabled = load(katalogText(entry: """
              validation:
                rules: [{field: spec.a, exists: true, message: m, fires: {reconcile: false}}]
        """))
        #expect(admissionOnlyButDisabled.hasWarning(containing: "admission webhooks are disabled: they never run"))
    }

    @Test func yamlSyntaxErrorsHaveAPosition() {
        let result = load("apiVersion: x\nkind: [Katalog\nmetadata: {}\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.position?.line != nil)
        #expect(result.errors.first?.message.hasPrefix("YAML syntax") == true)
    }

    @Test func aliasBombsAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(previous)]\n"
        }
        let result = load(text)
        #expect(result.hasError(containing: "expands to more than"))
    }

    @Test func mergeKeysAndDuplicateKeys() throws {
        let merged = load(katalogText(entry: """
              operatorBox:
                onReconcile:
                  services:
                    - &svc {name: a, port: 80}
                    - {<<: *svc, name: b}
        """))
        #expect(merged.diagnostics.isEmpty)
        #expect(merged.katalog?.crd("app")?.operatorBox.onReconcile.map { $0.fields["port"] } == [80, 80])
        let duplicate = load("apiVersion: a\napiVersion: b\n")
        #expect(duplicate.hasError(containing: "duplicate key \"apiVersion\""))
    }

    @Test func wrongEnvelopeIsReported() {
        let result = load("""
            apiVersion: orkestra.orkspace.io/v2
            kind: Katalog
            metadata: {name: Bad_Name}
            spec: {crds: {}}
            """)
        #expect(result.hasError(containing: "unsupported apiVersion"))
        #expect(result.hasError(containing: "metadata.name \"Bad_Name\""))
        #expect(result.hasError(containing: "spec.crds is empty"))
    }

    @Test func missingFileIsAClearError() {
        let result = KatalogLoader.load(file: "/nonexistent/katalog.yaml")
        #expect(result.errorMessages == ["cannot read Katalog file /nonexistent/katalog.yaml"])
    }

    @Test func ruleOperandsAreCheckedStatically() {
        let result = load(katalogText(entry: """
              validation:
                rules:
                  - {field: spec.a, regex: "([a-z", message: m}
                  - {field: spec.b, between: [5, 1], message: m}
                  - {field: spec.c, greaterThan: many, message: m}
                  - {field: spec.d, exists: true, message: "  "}
              mutation:
                rules:
                  - {field: spec.e, default: abc, valueType: int}
                  - {field: spec.f, default: 1, when: [{field: spec.g, lessThan: lots}]}
              operatorBox:
                onReconcile:
                  configMaps:
                    - name: x
                      when: [{field: spec.h, regex: "a(b"}]
        """))
        let lines = result.errors.map { ($0.position?.line ?? 0, $0.message) }
        #expect(result.errors.count == 7, "\(lines)")
        #expect(result.hasError(containing: "invalid regex"))
        #expect(result.hasError(containing: "message is empty"))
        #expect(result.hasError(containing: "does not match valueType int"))
        #expect(Set(result.errors.compactMap { $0.position?.line }).count == 7)
    }
}
