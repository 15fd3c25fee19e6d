import Foundation
import Logging
import OrkE2E
import OrkInit
import OrkKatalog
import Testing

/// Every pack is the example it is embedded from, is written as a runnable project, and passes its
/// own e2e file on a fresh sandbox with no other setup.
@Suite struct PackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ork-init-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: PackCatalog.all.map(\.name))
    func theEmbeddedFilesAreTheExample(_ name: String) throws {
        let pack = try #require(PackCatalog.pack(named: name))
        let directory = "\(Self.root)/\(try #require(PackCatalog.sourceDirectory(of: name)))"
        let onDisk = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(Set(onDisk) == Set(pack.files.keys), "run scripts/embed-packs after changing \(directory)")
        for path in onDisk {
            let text = try String(contentsOfFile: "\(directory)/\(path)", encoding: .utf8)
            #expect(pack.files[path] == text, "\(path) differs from \(directory): run scripts/embed-packs")
        }
        for required in ["katalog.yaml", "e2e.yaml", "README.md"] {
            #expect(pack.files[required] != nil, "\(name) has no \(required)")
        }
    }

    @Test(arguments: PackCatalog.all.map(\.name))
    func aWrittenPackLoadsAndPassesItsE2ETestsOnTheSandbox(_ name: String) async throws {
        let pack = try #require(PackCatalog.pack(named: name))
        let directory = try Self.scratch() + "/project"
        _ = try ProjectWriter.write(pack, to: directory)
        let loaded = E2ELoader.load(file: "\(directory)/e2e.yaml")
        #expect(loaded.diagnostics == [])
        let suite = try #require(loaded.suite)
        let katalogResult = KatalogLoader.load(file: suite.katalog)
        #expect(katalogResult.errors == [])
        let katalog = try #require(katalogResult.katalog)
        var logger = Logger(label: "orkestra.pack-test")
        logger.logLevel = .critical
        let results = try await E2EOperator(katalog: katalog, target: .sandbox, logger: logger).run { client in
            var runner = E2ERunner(client: client)
            runner.pollInterval = .milliseconds(50)
            return await runner.run(suite)
        }
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0.outcome == .passed }, "\(results.map { E2EReport.line($0) })")
    }

    @Test func theStarterIsNamedAfterItsDirectoryAndNothingIsOverwritten() throws {
        let base = try Self.scratch()
        let starter = try #require(PackCatalog.pack(named: PackCatalog.starterName))
        let written = try ProjectWriter.write(starter, to: "\(base)/shop-api")
        #expect(written.contains("katalog.yaml") && written.contains("e2e.yaml") && written.contains("README.md"))
        let katalog = try #require(KatalogLoader.load(file: "\(base)/shop-api/katalog.yaml").katalog)
        #expect(katalog.metadata.name == "shop-api")
        #expect(throws: ProjectWriteError("\(base)/shop-api is not empty; ork init writes a new project into a new or empty directory")) {
            try ProjectWriter.write(starter, to: "\(base)/shop-api")
        }
        #expect(PackCatalog.all.map(\.name) == ["starter", "website", "security", "resilience/safe-reconcile", "gateway"])
    }
}
