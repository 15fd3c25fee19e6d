import Testing
import OrkKatalog

/// One resolution of a CRD's reconciler settings: the Katalog wins, then `--workers`, then the
/// environment, then the built-in default; one range per setting wherever it is written.
@Suite struct ReconcilerDefaultsTests {
    static let platform = KatalogLoader.load(file: Repo.path("examples/platform/katalog.yaml"))

    static func defaults(_ environment: [String: String], workersFlag: Int? = nil) throws -> ReconcilerDefaults {
        var defaults = try ReconcilerDefaults.fromEnvironment(environment)
        if let workersFlag { try defaults.setWorkers(flag: workersFlag) }
        return defaults
    }

    @Test(arguments: [
        // (environment, flag, expected workers of `cache` (no Katalog value), its source)
        ([String: String](), Int?.none, 8, "default"),
        (["DEFAULT_WORKERS": "7"], nil, 7, "DEFAULT_WORKERS"),
        (["DEFAULT_WORKERS": " 7 "], 9, 9, "--workers"),
        ([:], 50, 50, "--workers"),
        (["DEFAULT_WORKERS": ""], nil, 8, "default"),
    ])
    func workersWithoutAKatalogValueFollowFlagThenEnvironmentThenDefault(
        environment: [String: String], flag: Int?, workers: Int, source: String
    ) throws {
        let defaults = try Self.defaults(environment, workersFlag: flag)
        let cache = try #require(Self.platform.katalog?.crd("cache"))
        let database = try #require(Self.platform.katalog?.crd("database"))
        let resolved = defaults.resolve(cache.operatorBox.reconciler)
        #expect(resolved.workers == SourcedValue(workers, from: source == "default" ? .builtIn
                                                 : source.hasPrefix("--") ? .flag(source) : .environment(source)))
        // The Katalog's own value wins over every process default.
        #expect(defaults.resolve(database.operatorBox.reconciler).workers == SourcedValue(2, from: .katalog))
    }

    @Test func resyncAndQueueDepthFromTheEnvironment() throws {
        let defaults = try Self.defaults(["DEFAULT_RESYNC": "2m", "QUEUE_DEPTH": "40"])
        let katalog = try #require(Self.platform.katalog)
        let cache = defaults.resolve(try #require(katalog.crd("cache")).operatorBox.reconciler)
        #expect(cache.resync == SourcedValue(.minutes(2), from: .environment("DEFAULT_RESYNC")))
        #expect(cache.maxDepth == SourcedValue(40, from: .environment("QUEUE_DEPTH")))
        #expect(cache.failureThreshold == SourcedValue(5, from: .builtIn))
        let application = defaults.resolve(try #require(katalog.crd("application")).operatorBox.reconciler)
        #expect(application.maxDepth == SourcedValue(500, from: .katalog))
        #expect(application.failureThreshold == SourcedValue(3, from: .katalog))
        #expect(application.resync == SourcedValue(.minutes(2), from: .environment("DEFAULT_RESYNC")))
    }

    @Test(arguments: [
        ("DEFAULT_WORKERS", "0"), ("DEFAULT_WORKERS", "51"), ("DEFAULT_WORKERS", "1024"), ("DEFAULT_WORKERS", "three"),
        ("DEFAULT_WORKERS", "9223372036854775808"), ("QUEUE_DEPTH", "0"), ("QUEUE_DEPTH", "1000001"),
        ("DEFAULT_RESYNC", "500ms"), ("DEFAULT_RESYNC", "soon"), ("DEFAULT_RESYNC", "0s"),
    ])
    func outOfRangeEnvironmentIsRefusedNamingTheVariable(name: String, value: String) {
        #expect {
            try ReconcilerDefaults.fromEnvironment([name: value])
        } throws: { error in
            (error as? ReconcilerSettingError)?.message.hasPrefix("\(name)=\"\(value)\"") == true
        }
    }

    @Test(arguments: [0, 51, -1, Int.max])
    func outOfRangeFlagIsRefused(value: Int) {
        var defaults = ReconcilerDefaults()
        #expect(throws: ReconcilerSettingError.self) { try defaults.setWorkers(flag: value) }
        #expect(defaults.workers == SourcedValue(8, from: .builtIn))
    }

    @Test func settingsBuiltInCodeAreClampedIntoTheirRanges() {
        let resolved = ReconcilerDefaults().resolve(ReconcilerSettings(workers: -4, resync: .init(milliseconds: 0),
                                                                       maxDepth: 0, failureThreshold: Int.max))
        #expect(resolved.workers.value == 1)
        #expect(resolved.resync.value == .seconds(1))
        #expect(resolved.maxDepth.value == 1)
        #expect(resolved.failureThreshold.value == 1_000)
    }

    @Test func theKatalogRangeIsTheSameRange() {
        // The loader refuses what the environment and the flag refuse.
        let result = load(katalogText(entry: """
              operatorBox:
                reconciler: {workers: 51, resync: 500ms, queue: {maxDepth: 1000001}}
        """))
        #expect(result.hasError(containing: "51 is out of range 1…50"))
        #expect(result.hasError(containing: "resync 500ms is shorter than 1s"))
        #expect(result.hasError(containing: "1000001 is out of range 1…1000000"))
    }

    @Test func validateTextAndJSONPrintWhatTheRuntimeResolves() throws {
        let defaults = try Self.defaults(["DEFAULT_WORKERS": "7", "QUEUE_DEPTH": "40"], workersFlag: 11)
        let report = KatalogReport(result: Self.platform, file: "k.yaml", full: true, defaults: defaults)
        let text = report.text()
        #expect(text.contains("✓ cache\n"))
        #expect(text.contains("    reconciler: workers 11 (--workers), resync 15s (default), queue depth 40 (QUEUE_DEPTH), failure threshold 5 (default)\n"))
        #expect(text.contains("    reconciler: workers 2 (Katalog), resync 30s (Katalog), queue depth 40 (QUEUE_DEPTH), failure threshold 5 (default)\n"))
        let crds = try #require(report.json()["crds"]?.arrayValue)
        let cache = try #require(crds.first { $0["name"] == "cache" })
        #expect(cache["workers"] == 11)
        #expect(cache["maxDepth"] == 40)
        #expect(cache["settingSources"]?["workers"] == "--workers")
        let database = try #require(crds.first { $0["name"] == "database" })
        #expect(database["workers"] == 2)
        #expect(database["settingSources"]?["workers"] == "Katalog")
        // Without --full, only the values (the familiar block).
        let plain = KatalogReport(result: Self.platform, file: "k.yaml", defaults: defaults).text()
        #expect(plain.contains("reconciler:") == false)
        #expect(plain.contains("    mode: dynamic / workers: 11 / resync: 15s\n"))
    }
}
