import Foundation
import Logging
import OrkKatalog
import Testing
@testable import OrkRuntime

/// The runtime runs each CRD's operator with exactly the settings `ork validate --full` prints for
/// the same Katalog, environment and `--workers` flag.
@Suite struct ResolvedSettingsTests {
    static let platform = KatalogLoader.load(file: DocsExampleTests.repoRoot + "/examples/platform/katalog.yaml")

    @Test(arguments: [
        ([String: String](), Int?.none),
        (["DEFAULT_WORKERS": "7", "QUEUE_DEPTH": "40", "DEFAULT_RESYNC": "1m"], nil),
        (["DEFAULT_WORKERS": "7"], 12),
        ([:], 1),
    ])
    func controllersRunWithWhatValidatePrints(environment: [String: String], workersFlag: Int?) throws {
        var configuration = try RuntimeConfiguration.fromEnvironment(environment, hostName: "h")
        if let workersFlag { try configuration.reconciler.setWorkers(flag: workersFlag) }
        let katalog = try #require(Self.platform.katalog)
        let report = KatalogReport(result: Self.platform, file: "k.yaml", full: true, defaults: configuration.reconciler)
        let printed = try #require(report.json()["crds"]?.arrayValue)
        #expect(printed.count == katalog.crds.count)
        for entry in katalog.crds {
            let controller = CRDController(compiled: try CompiledCRD(entry), defaults: configuration,
                                           metrics: RuntimeMetrics(crds: []).crd(entry), logger: Logger(label: "test"))
            let row = try #require(printed.first { $0["name"]?.stringValue == entry.key })
            #expect(row["workers"]?.intValue == controller.workers, "\(entry.key)")
            #expect(row["maxDepth"]?.intValue == controller.maxDepth, "\(entry.key)")
            #expect(row["resync"]?.stringValue.flatMap(KatalogDuration.init(parsing:)).map { Duration.milliseconds($0.milliseconds) }
                    == controller.resync, "\(entry.key)")
            #expect(controller.states.count == controller.workers)
        }
    }

    @Test func anOutOfRangeVariableStopsTheRuntimeNamingIt() {
        #expect {
            try RuntimeConfiguration.fromEnvironment(["DEFAULT_WORKERS": "1024"], hostName: "h")
        } throws: { error in
            (error as? RuntimeConfigurationError)?.message == "DEFAULT_WORKERS=\"1024\" must be an integer in 1…50"
        }
    }
}
