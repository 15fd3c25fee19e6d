import OrkPatternFetch
import ArgumentParser
import FoundationEssentials
import OrkKatalog
import OrkValue

/// `ork validate`: checks a Katalog offline and reports every problem at once.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a Katalog (or an e2e file) without a cluster and report every problem in one run.",
        discussion: """
            The kind of the file's document decides what it is checked as: kind: Katalog, or kind: E2E \
            (ork e2e's tests, docs/e2e.md). Exit status: 0 when valid (warnings allowed), 1 when there is any error. The workers, resync and \
            queue depth printed per CRD are those `ork run` would use: the Katalog's, else DEFAULT_WORKERS, \
            DEFAULT_RESYNC and QUEUE_DEPTH from the environment and --workers, else the built-in defaults; \
            --full says which one each value came from.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: [.short, .customLong("file")], help: "The Katalog or e2e file.")
    var file: String = "katalog.yaml"

    @Flag(help: "Also print the RBAC rules of each component and the start-up order.")
    var full = false

    @Option(name: [.short, .customLong("output")], help: "text or json.")
    var output: OutputFormat = .text

    @Option(help: "Workers per CRD without reconciler.workers, as given to ork run (DEFAULT_WORKERS; 1…50).")
    var workers: Int?

    func run() async throws {
        var defaults: ReconcilerDefaults
        do throws(ReconcilerSettingError) {
            defaults = try ReconcilerDefaults.fromEnvironment(OrkEnvironment.current().variables)
            if let workers { try defaults.setWorkers(flag: workers) }
        } catch {
            throw ValidationError(error.message)
        }
        if let text = LocalFileSystem().readText(atPath: file), E2ELoader.isE2E(text, file: file) {
            let result = E2ELoader.load(file: file)
            switch output {
            case .text: print(result.text(file: file), terminator: "")
            case .json: print(result.json(file: file).prettyPrinted())
            }
            if result.hasErrors { throw ExitCode(1) }
            return
        }
        let result = await KatalogSource.load(file: file, environment: OrkEnvironment.current().variables)
        let report = KatalogReport(result: result, file: file, full: full, defaults: defaults)
        switch output {
        case .text: print(report.text(), terminator: "")
        case .json: print(report.json().prettyPrinted())
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
