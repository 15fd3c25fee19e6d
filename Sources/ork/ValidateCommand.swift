import ArgumentParser
import OrkCore

/// `ork validate`: checks a Katalog offline and reports every problem at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a Katalog without a cluster and report every problem in one run.",
        discussion: "Exit status: 0 when valid (warnings allowed), 1 when there is any error."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: [.short, .customLong("file")], help: "The Katalog file.")
    var file: String = "katalog.yaml"

    @Flag(help: "Also print the RBAC rules of each component and the start-up order.")
    var full = false

    @Option(name: [.short, .customLong("output")], help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let result = KatalogLoader.load(file: file)
        let report = KatalogReport(result: result, file: file, full: full)
        switch output {
        case .text: print(report.text(), terminator: "")
        case .json: print(report.json().prettyPrinted())
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
