import OrkKatalog
import OrkValue
import Testing

/// kind: E2E files are loaded strictly, every problem with its line.
@Suite struct E2ELoaderTests {
    static let cr = "apiVersion: demo.io/v1\nkind: App\nmetadata: {name: a}\n"

    func load(_ spec: String, files: [String: String] = [:]) -> E2ELoadResult {
        var all = files
        all["t/katalog.yaml"] = all["t/katalog.yaml"] ?? "kind: Katalog"
        all["t/e2e.yaml"] = """
            apiVersion: orkestra.orkspace.io/v1
            kind: E2E
            metadata: {name: t}
            spec:
              katalog: ./katalog.yaml
            \(spec)
            """
        return E2ELoader.load(file: "t/e2e.yaml", fileSystem: MemoryFileSystem(files: all))
    }

    @Test func aWellFormedFileLoadsWithEveryKindOfStep() throws {
        let result = load("""
              timeout: 10s
              tests:
                - name: one
                  steps:
                    - apply: ./cr.yaml
                    - wait: {apiVersion: demo.io/v1, kind: App, name: a, conditions: {Ready: "True"}, fields: {spec.x: 1}, children: {Deployment: 1}, timeout: 5s}
                    - patch: {apiVersion: demo.io/v1, kind: App, name: a, merge: {spec: {x: 2}}}
                    - delete: {apiVersion: demo.io/v1, kind: App, name: a}
                    - wait: {apiVersion: demo.io/v1, kind: App, name: a, absent: true}
                    - expectDenied: {apply: {apiVersion: demo.io/v1, kind: App, metadata: {name: b}}, message: no}
            """, files: ["t/cr.yaml": Self.cr])
        #expect(result.diagnostics == [])
        let suite = try #require(result.suite)
        #expect(suite.katalog == "t/katalog.yaml")
        #expect(suite.timeout == .seconds(10))
        #expect(suite.tests.first?.steps.map(\.verb) == ["apply", "wait", "patch", "delete", "wait", "expectDenied"])
        guard case .wait(let wait)? = suite.tests.first?.steps[1].action else {
            Issue.record("step 2 is a wait")
            return
        }
        #expect(wait.children == ["Deployment": 1])
        #expect(wait.timeout == .seconds(5))
    }

    @Test func mistakesAreReportedWithTheirLines() {
        let result = load("""
              tests:
                - name: one
                  steps:
                    - apply: ./missing.yaml
                    - wiat: {apiVersion: v1, kind: ConfigMap, name: x}
                    - wait: {apiVersion: v1, kind: ConfigMap, name: x, absent: true, fields: {data.a: b}}
                    - patch: {apiVersion: v1, kind: ConfigMap, name: x, merge: [1]}
                    - {apply: ./cr.yaml, delete: {apiVersion: v1, kind: ConfigMap, name: x}}
                - name: one
                  steps:
                    - wait: {apiVersion: v1, kind: ConfigMap, name: x, children: {Deployment: -1}}
            """, files: ["t/cr.yaml": Self.cr])
        #expect(result.errors.map { "\($0.position?.line ?? 0): \($0.message)" } == [
            "9: manifest ./missing.yaml does not exist or cannot be read (looked for t/missing.yaml)",
            "10: unknown step \"wiat\"",
            "11: absent: true waits for the object to be gone; it takes no conditions, fields or children",
            "12: merge is a JSON merge patch: a mapping",
            "13: a step is a mapping with one of apply, wait, patch, delete, expectDenied",
            "14: two tests are named \"one\"",
            "16: expected a count (0 or more)",
        ])
        #expect(result.errors[1].hint == "did you mean \"wait\"?")
    }

    @Test func theKindDecidesWhatValidateLoads() {
        #expect(E2ELoader.isE2E("apiVersion: orkestra.orkspace.io/v1\nkind: E2E\n", file: "x"))
        #expect(!E2ELoader.isE2E("apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n", file: "x"))
        let missing = E2ELoader.load(file: "t/e2e.yaml", fileSystem: MemoryFileSystem(files: [
            "t/e2e.yaml": "apiVersion: orkestra.orkspace.io/v1\nkind: E2E\nmetadata: {name: t}\nspec: {katalog: nope.yaml, tests: []}\n",
        ]))
        #expect(missing.errors.map(\.message) == [
            "katalog nope.yaml does not exist or cannot be read (looked for t/nope.yaml)", "spec.tests is empty",
        ])
    }
}
