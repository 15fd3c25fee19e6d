import Testing
@testable import OrkKatalog
import OrkValue

@Suite struct CompiledChildTests {
    static let cr: JSONValue = [
        "metadata": ["name": "hello", "namespace": "web"],
        "spec": ["image": "nginx:1.27", "replicas": 3, "port": "8080", "title": "Hi", "enabled": "true"],
    ]

    func website() throws -> [ChildEntry] {
        let result = KatalogLoader.load(file: Repo.path("examples/website/katalog.yaml"))
        let entry = try #require(result.katalog?.crd("website"))
        return entry.operatorBox.onCreate + entry.operatorBox.onReconcile
    }

    @Test func rendersTheWebsiteChildrenWithTypedFields() throws {
        let children = try website().map { try CompiledChild($0) }
        let rendered = try children.map { try $0.render(Self.cr) }
        #expect(rendered.map(\.name) == ["hello-content", "hello", "hello"])
        #expect(rendered[0].fields["data"] == ["index.html": "<h1>Hi</h1>"])
        let deployment = rendered[1]
        #expect(deployment.fields["image"] == "nginx:1.27")
        #expect(deployment.fields["replicas"] == 3)
        #expect(deployment.fields["port"] == 8080)  // "8080" from the CR coerced to the field's int type
        #expect(deployment.fields["volumes"]?[0]?.value(atDotted: "configMap.name") == "hello-content")
        let checksum = deployment.fields["podAnnotations"]?["checksum/content"]?.stringValue
        #expect(checksum?.count == 64)
        #expect(rendered[2].fields["targetPort"] == 8080)
        #expect(rendered[2].fields["port"] == 80)
    }

    @Test func defaultNamesUseTheKindSuffix() throws {
        let child = try CompiledChild(ChildEntry(kind: .services, fields: ["port": 80]))
        #expect(try child.render(Self.cr).name == "hello-svc")
    }

    @Test func coercionFailuresNameTheField() throws {
        let child = try CompiledChild(ChildEntry(kind: .deployments, name: "x", fields: [
            "image": "nginx", "replicas": "{{ .spec.title }}",
        ]))
        #expect(throws: ChildRenderError(field: "replicas", message: "expected an integer, got \"Hi\"")) {
            try child.render(Self.cr)
        }
        let bool = try CompiledChild(ChildEntry(kind: .serviceAccounts, name: "x", fields: [
            "automountServiceAccountToken": "{{ .spec.enabled }}",
        ]))
        #expect(try bool.render(Self.cr).fields["automountServiceAccountToken"] == true)
    }

    @Test func emptyNamesAndRenderErrorsAreErrorsNotCrashes() throws {
        let empty = try CompiledChild(ChildEntry(kind: .configMaps, name: "{{ .spec.missing }}"))
        #expect(throws: ChildRenderError.self) { try empty.render(Self.cr) }
        let failing = try CompiledChild(ChildEntry(kind: .configMaps, name: "x", fields: [
            "data": ["k": "{{ div 1 0 }}"],
        ]))
        #expect(throws: ChildRenderError.self) { try failing.render(Self.cr) }
        do {
            _ = try failing.render(Self.cr)
        } catch {
            #expect(error.field == "data.k")
        }
    }

    @Test func unparsableTemplatesFailAtCompileTimeNamingTheField() {
        #expect(throws: ChildRenderError.self) {
            try CompiledChild(ChildEntry(kind: .configMaps, name: "x", labels: ["a": "{{ nosuchfunc }}"]))
        }
    }
}

@Suite struct TemplateChecksTests {
    @Test func templateErrorsArePositionedInTheFile() throws {
        let result = load(katalogText(entry: """
              operatorBox:
                onReconcile:
                  configMaps:
                    - name: "ok-{{ .metadata.name }}"
                      data:
                        a: "x {{ nosuch .spec }}"
                        b: '{{ if .spec.a }}unterminated'
                        c: |
                          line one
                          {{ .spec.x | }}
              validation:
                rules:
                  - {field: "{{ .spec.a", exists: true, message: "{{ .spec.b }}"}
        """))
        let templateErrors = result.errors.filter { $0.message.hasPrefix("template:") }
        #expect(templateErrors.count == 4, "\\(result.errors)")
        let nosuch = try #require(templateErrors.first { $0.message.contains("nosuch") })
        #expect(nosuch.position?.line == 15)
        #expect(nosuch.position?.column == 26)  // at "nosuch" itself
        #expect(nosuch.field == "spec.crds.app.operatorBox.onReconcile.configMaps[0].data.a")
        let block = try #require(templateErrors.first { $0.field.hasSuffix("data.c") })
        #expect(block.position?.line == 19)
        #expect(templateErrors.allSatisfy { $0.crd == "app" })
    }

    @Test func descriptionsAreNotTemplates() {
        let result = load(katalogText(entry: "      description: \"uses {{ braces }} in prose\""))
        #expect(result.diagnostics.isEmpty)
    }
}
