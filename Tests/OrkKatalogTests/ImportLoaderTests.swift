import Foundation
import OrkKatalog
import OrkValue
import Testing

/// `spec.imports`: pattern files merged under the Katalog's own entries, every failure reported at the
/// line that imports it.
@Suite struct ImportLoaderTests {
    static func pattern(_ crds: String, spec extra: String = "") -> String {
        """
        apiVersion: orkestra.orkspace.io/v1
        kind: Katalog
        metadata: {name: pattern}
        spec:
        \(extra)
          crds:
        \(crds)
        """
    }

    static let database = pattern("""
            database:
              crdFile: crds/database.yaml
              crFiles: [samples/db.yaml]
              operatorBox:
                reconciler: {workers: 3, resync: 1m}
        """)

    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: databases.data.io}
        spec:
          group: data.io
          scope: Namespaced
          names: {kind: Database, plural: databases}
          versions: [{name: v1, served: true, storage: true}]
        """

    static let sample = "apiVersion: data.io/v1\nkind: Database\nmetadata: {name: db}\n"

    func katalog(imports: String, crds: String = "") -> String {
        """
        apiVersion: orkestra.orkspace.io/v1
        kind: Katalog
        metadata:
          name: shop
        spec:
          imports:
        \(imports)
        \(crds.isEmpty ? "" : "  crds:\n" + crds)
        """
    }

    func load(_ text: String, files: [String: String], environment: [String: String] = [:],
              remote: [String: RemotePatternResult] = [:]) -> KatalogLoadResult {
        KatalogLoader.load(text: text, file: "app/katalog.yaml", fileSystem: MemoryFileSystem(files: files),
                           imports: ImportResolution(environment: environment, remote: remote))
    }

    var patternFiles: [String: String] {
        ["app/patterns/db.yaml": Self.database, "app/patterns/crds/database.yaml": Self.crd,
         "app/patterns/samples/db.yaml": Self.sample]
    }

    @Test func importedEntriesKeepTheirFilesRelativeToThePattern() throws {
        let result = load(katalog(imports: "    - ./patterns/db.yaml"), files: patternFiles)
        #expect(result.errors == [])
        let entry = try #require(result.katalog?.crd("database"))
        #expect(entry.api.kind == "Database")
        #expect(entry.crdFile == "patterns/crds/database.yaml")
        #expect(entry.crFiles == ["patterns/samples/db.yaml"])
        #expect(entry.operatorBox.reconciler.workers == 3)
    }

    @Test func inlineEntriesDeepMergeOverImportedOnes() throws {
        let result = load(katalog(imports: "    - patterns/db.yaml", crds: """
                database:
                  operatorBox:
                    reconciler: {workers: 7}
                app:
                  apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}
            """), files: patternFiles)
        #expect(result.errors == [])
        let katalog = try #require(result.katalog)
        #expect(katalog.crds.map(\.key) == ["database", "app"], "imported first, then inline")
        let database = try #require(katalog.crd("database"))
        #expect(database.operatorBox.reconciler.workers == 7, "the inline value wins")
        #expect(database.operatorBox.reconciler.resync?.description == "1m", "imported keys the inline entry omits stay")
        #expect(database.api.kind == "Database")
    }

    @Test func anInlineEntryCanTurnAnImportedCRDOff() throws {
        let result = load(katalog(imports: "    - patterns/db.yaml", crds: """
                database: {enabled: false}
                app:
                  apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}
            """), files: patternFiles)
        #expect(result.errors == [])
        #expect(result.katalog?.crds.map(\.key) == ["app"])
        #expect(result.crdKeys == ["database", "app"])
    }

    @Test func theSameCRDInTwoImportsIsAnErrorNamingBothFiles() throws {
        var files = patternFiles
        files["app/other.yaml"] = Self.pattern("""
                database:
                  apiTypes: {group: other.io, version: v1, kind: Database, plural: databases}
            """)
        let result = load(katalog(imports: "    - patterns/db.yaml\n    - other.yaml"), files: files)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.message == "CRD \"database\" is defined in patterns/db.yaml (app/patterns/db.yaml:7:5) and in other.yaml (app/other.yaml:7:5)")
        #expect(error.position == SourcePosition(file: "app/katalog.yaml", line: 8, column: 7))
        #expect(result.katalog?.crd("database")?.api.group == "data.io", "the first import's entry is kept")
    }

    @Test func missingEmptyAndUnreachablePatternsAreReportedAtTheirImportLine() {
        let result = load(katalog(imports: """
                - patterns/none.yaml
                - empty.yaml
                - nocrds.yaml
                - https://patterns.example.com/db.yaml
                - https://patterns.example.com/never-fetched.yaml
            """), files: ["app/empty.yaml": "# nothing here\n", "app/nocrds.yaml": Self.pattern("    {}")],
            remote: ["https://patterns.example.com/db.yaml": .failed("HTTP 503 Service Unavailable")])
        let messages = result.errors.map { "\($0.position?.line ?? 0): \($0.message)" }
        #expect(messages == [
            "7: pattern file patterns/none.yaml does not exist or cannot be read (looked for app/patterns/none.yaml)",
            "8: pattern file empty.yaml is empty",
            "9: pattern file nocrds.yaml declares no CRDs (spec.crds is empty or missing)",
            "10: pattern https://patterns.example.com/db.yaml is unreachable: HTTP 503 Service Unavailable",
            "11: pattern https://patterns.example.com/never-fetched.yaml was not fetched",
        ])
        #expect(result.errors.allSatisfy { $0.position?.file == "app/katalog.yaml" })
    }

    @Test func environmentVariablesAndTheRegistryResolveImports() throws {
        let text = katalog(imports: "    - $PATTERN_DIR/db.yaml\n    - ${PATTERN_DIR}/../other.yaml\n    - postgres:1.2.0")
        let remote = ["https://registry.example.com/base/postgres/1.2.0.yaml": RemotePatternResult.text(Self.pattern("""
                postgres:
                  apiTypes: {group: pg.io, version: v1, kind: Postgres, plural: postgreses}
            """))]
        var files = patternFiles
        files["app/other.yaml"] = Self.pattern("""
                cache:
                  apiTypes: {group: cache.io, version: v1, kind: Cache, plural: caches}
            """)
        let environment = ["PATTERN_DIR": "patterns", "ORK_REGISTRY": "https://registry.example.com/base/"]
        #expect(KatalogImports.remoteRequests(text: text, file: "app/katalog.yaml", environment: environment)
            == [RemotePatternRequest(url: "https://registry.example.com/base/postgres/1.2.0.yaml")])
        let result = load(text, files: files, environment: environment, remote: remote)
        #expect(result.errors == [])
        #expect(result.katalog?.crds.map(\.key) == ["database", "cache", "postgres"])

        let unset = load(text, files: files, environment: [:], remote: remote)
        #expect(unset.errorMessages == [
            "\"$PATTERN_DIR/db.yaml\" names the environment variable PATTERN_DIR, which is not set",
            "\"${PATTERN_DIR}/../other.yaml\" names the environment variable PATTERN_DIR, which is not set",
            "postgres:1.2.0 is a registry reference and ORK_REGISTRY is not set",
        ])
    }

    @Test func unsafeOrMalformedImportsAreRefused() {
        let result = load(katalog(imports: """
                - {url: "http://patterns.example.com/db.yaml", auth: {type: bearer, fromEnv: TOKEN}}
                - {url: "http://127.0.0.1:8080/db.yaml", auth: {type: bearer, fromEnv: TOKEN}}
                - {url: "http://127.evil.example/db.yaml", auth: {type: bearer, fromEnv: TOKEN}}
                - oci://registry/pattern
                - {url: patterns/db.yaml, auth: {type: bearer, fromEnv: TOKEN}}
                - Postgres:1.0
                - patterns/db.yaml
                - ./patterns/db.yaml
            """), files: patternFiles, remote: ["http://127.0.0.1:8080/db.yaml": .text(Self.pattern("""
                cache:
                  apiTypes: {group: cache.io, version: v1, kind: Cache, plural: caches}
            """))])
        #expect(result.errorMessages == [
            "http://patterns.example.com/db.yaml would carry the bearer token in clear text",
            "http://127.evil.example/db.yaml would carry the bearer token in clear text",
            "oci://registry/pattern: only file paths, http(s):// URLs and name:version registry references can be imported",
            "auth applies to URLs; patterns/db.yaml is a file",
            "\"Postgres:1.0\" is neither a path nor a name:version registry reference",
            "patterns/db.yaml is imported twice",
        ])
    }

    @Test func aPatternContributesCRDsOnlyAndMayNotNameLocalFilesFromAURL() {
        var files = patternFiles
        files["app/greedy.yaml"] = Self.pattern("""
                cache:
                  apiTypes: {group: cache.io, version: v1, kind: Cache, plural: caches}
            """, spec: "  imports: [x.yaml]\n  security: {}")
        let result = load(katalog(imports: "    - greedy.yaml\n    - https://example.com/p.yaml"), files: files,
                          remote: ["https://example.com/p.yaml": .text(Self.database)])
        #expect(result.errors.map { "\($0.position?.description ?? ""): \($0.message)" } == [
            "app/greedy.yaml:5:3: a pattern file cannot set spec.imports",
            "app/greedy.yaml:6:3: a pattern file cannot set spec.security",
            "https://example.com/p.yaml:9:7: a pattern fetched from https://example.com/p.yaml cannot name local files",
            "https://example.com/p.yaml:8:7: a pattern fetched from https://example.com/p.yaml cannot name local files",
        ].sorted())
    }

    @Test func theBundleEmbedsTheKatalogWithItsImportsResolved() throws {
        let result = load(katalog(imports: "    - patterns/db.yaml", crds: """
                database:
                  description: "1.10"
                  operatorBox:
                    reconciler: {workers: 7}
            """), files: patternFiles)
        let katalog = try #require(result.katalog)
        #expect(!katalog.sourceText.contains("imports:"))
        let reloaded = KatalogLoader.load(text: katalog.sourceText, file: "app/katalog.yaml",
                                          fileSystem: MemoryFileSystem(files: patternFiles),
                                          imports: ImportResolution(environment: [:]))
        #expect(reloaded.errors == [])
        let entry = try #require(reloaded.katalog?.crd("database"))
        #expect(entry.crdFile == "patterns/crds/database.yaml")
        #expect(entry.description == "1.10", "a quoted scalar stays a string")
        #expect(entry.operatorBox.reconciler.workers == 7)
        #expect(entry.operatorBox.reconciler.resync?.description == "1m")
    }

    @Test func templatesInImportedEntriesAreCheckedInTheirOwnFile() throws {
        var files = patternFiles
        files["app/broken.yaml"] = Self.pattern("""
                web:
                  apiTypes: {group: web.io, version: v1, kind: Web, plural: webs}
                  operatorBox:
                    onReconcile:
                      configMaps:
                        - {name: "{{ .spec.name"}
            """)
        let result = load(katalog(imports: "    - broken.yaml"), files: files)
        let error = try #require(result.errors.first)
        #expect(error.position?.file == "app/broken.yaml")
    }
}

/// examples/imports is examples/website assembled from a pattern file.
@Suite struct ImportExampleTests {
    @Test func theImportedWebsiteIsTheWebsiteExampleWithOneSettingChanged() throws {
        let imported = KatalogLoader.load(file: Repo.path("examples/imports/katalog.yaml"))
        #expect(imported.diagnostics == [])
        let original = try #require(KatalogLoader.load(file: Repo.path("examples/website/katalog.yaml")).katalog?.crd("website"))
        var entry = try #require(imported.katalog?.crd("website"))
        #expect(entry.operatorBox.reconciler.workers == 2)
        #expect(entry.crdFile == "../website/crd.yaml")
        entry.operatorBox.reconciler.workers = original.operatorBox.reconciler.workers
        #expect(entry.api == original.api)
        #expect(Self.withoutPositions(entry.validation) == Self.withoutPositions(original.validation))
        #expect(Self.withoutPositions(entry.mutation) == Self.withoutPositions(original.mutation))
        #expect(Self.withoutPositions(entry.conversion) == Self.withoutPositions(original.conversion))
        #expect(entry.operatorBox.reconciler == original.operatorBox.reconciler)
        for (children, originals) in [(entry.operatorBox.onCreate, original.operatorBox.onCreate),
                                      (entry.operatorBox.onReconcile, original.operatorBox.onReconcile)] {
            #expect(children.map(\.kind) == originals.map(\.kind))
            #expect(children.map(\.name) == originals.map(\.name))
            #expect(children.map(\.fields) == originals.map(\.fields))
        }
        #expect(entry.operatorBox.status.fields.map(\.value) == original.operatorBox.status.fields.map(\.value))
    }

    /// A value's description with every source position blanked (the two files differ in lines).
    static func withoutPositions(_ value: some Any) -> String {
        String(describing: value).replacingOccurrences(of: #"[^ (),]+\.yaml:[0-9]+:[0-9]+"#, with: "@", options: .regularExpression)
    }
}

/// A Katalog without CRDs is valid only when the gateway has work (examples/gateway).
@Suite struct GatewayOnlyKatalogTests {
    @Test func aKatalogWithoutCRDsNeedsGatewayWork() {
        let bare = KatalogLoader.load(text: "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: g}\nspec: {}\n",
                                      file: "k.yaml", fileSystem: MemoryFileSystem(files: [:]))
        #expect(bare.errors.map(\.message) == ["missing required key \"crds\""])
        #expect(bare.errors.first?.hint?.contains("gateway alone") == true)
        let protecting = KatalogLoader.load(text: """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: g}
            spec:
              security: {deletionProtection: {enabled: true}}
              crds: {}
            """, file: "k.yaml", fileSystem: MemoryFileSystem(files: [:]))
        #expect(protecting.errors == [])
        #expect(protecting.katalog?.crds.isEmpty == true)
        let gateway = KatalogLoader.load(file: Repo.path("examples/gateway/katalog.yaml"))
        #expect(gateway.diagnostics == [])
    }
}
