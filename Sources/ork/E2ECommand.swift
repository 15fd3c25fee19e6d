import ArgumentParser
import FoundationEssentials
import Logging
import OrkE2E
import OrkKatalog
import OrkKube
import OrkPatternFetch
import OrkValue

/// `ork e2e`: declarative end-to-end tests of a Katalog's operator (docs/e2e.md).
struct E2ECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Run declarative end-to-end tests (kind: E2E files) against the sandbox or a cluster.",
        discussion: """
            Each e2e file names its Katalog; ork e2e applies the Katalog's CRDs, runs its operator in this \
            process and runs every test in a namespace of its own. Without --kubeconfig or --context the \
            tests run on a fresh embedded sandbox per file, where the Katalog's admission rules run as the \
            gateway's webhooks would. Exit status: 0 when every test passed, 1 otherwise.
            """
    )

    @Option(name: [.short, .customLong("file")], help: "An e2e file (repeatable).")
    var files: [String] = []

    @Argument(help: "e2e files, directories (their e2e files) or DIR/... (recursively).")
    var paths: [String] = []

    @Option(help: "Skip tests whose name (or file-name/test-name) matches this pattern; * and ? are wildcards (repeatable).")
    var skip: [String] = []

    @Option(help: "Write a JUnit XML report to this file.")
    var reportFile: String?

    @Option(help: "Run against the cluster of this kubeconfig instead of the sandbox.")
    var kubeconfig: String?

    @Option(help: "Run against this context of the kubeconfig instead of the sandbox.")
    var context: String?

    @Flag(help: "On a cluster, do not start the Katalog's operator here: a deployed runtime serves it.")
    var noOperator = false

    func run() async throws {
        let environment = OrkEnvironment.current()
        do throws(ProcessLoggingError) { try ProcessLogging.bootstrap(environment: environment.variables) } catch {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "orkestra.e2e")
        // The operator's log (its reconcile errors included) only when asked for: tests of broken
        // objects would otherwise bury the report. A failed step says what it saw.
        if environment.variables["LOG_LEVEL"] == nil { logger.logLevel = .critical }

        let found: [String]
        do {
            found = try E2EFiles.find(files: files, paths: paths)
        } catch {
            throw ValidationError(error.description)
        }
        var results: [E2ETestResult] = []
        var broken = 0
        let target = try self.target(environment: environment)
        let skip = self.skip
        for file in found {
            let loaded = E2ELoader.load(file: file)
            guard let suite = loaded.suite, !loaded.hasErrors else {
                write(loaded.text(file: file))
                broken += 1
                continue
            }
            let katalogResult = await KatalogSource.load(file: suite.katalog, environment: environment.variables)
            guard let katalog = katalogResult.katalog, !katalogResult.hasErrors else {
                write(KatalogReport(result: katalogResult, file: suite.katalog).text())
                say("ork e2e: \(file): its Katalog \(suite.katalog) has errors")
                broken += 1
                continue
            }
            say("\(file): \(suite.tests.count) tests of \(katalog.metadata.name) on \(targetName(target))")
            do {
                let suiteResults = try await E2EOperator(katalog: katalog, target: target, logger: logger).run { client in
                    await E2ERunner(client: client).run(suite, skip: { name in
                        skip.contains { E2EFiles.matches(name, pattern: $0) || E2EFiles.matches("\(suite.name)/\(name)", pattern: $0) }
                    }, report: { result in say(E2EReport.line(result)) })
                }
                results += suiteResults
            } catch {
                say("ork e2e: \(file): cannot start the operator: \(error)")
                broken += 1
            }
        }
        if let reportFile {
            do {
                try E2EReport.junit(results).write(toFile: reportFile, atomically: true, encoding: .utf8)
            } catch {
                say("ork e2e: cannot write \(reportFile): \(error)")
                broken += 1
            }
        }
        say(E2EReport.summary(results) + (broken > 0 ? ", \(broken) files could not run" : ""))
        if broken > 0 || results.contains(where: \.failed) { throw ExitCode(1) }
    }

    /// Text at once, in order with `say` (print() buffers when standard output is a pipe).
    func write(_ text: String) {
        StandardStream.output.write(text)
    }

    func target(environment: OrkEnvironment) throws -> E2EOperator.Target {
        guard kubeconfig != nil || context != nil else { return .sandbox }
        guard let config = try environment.clusterConfig(kubeconfig: kubeconfig, context: context) else {
            throw ValidationError("no cluster configuration found for --kubeconfig/--context")
        }
        return .cluster(config, startOperator: !noOperator)
    }

    func targetName(_ target: E2EOperator.Target) -> String {
        switch target {
        case .sandbox: return "the embedded sandbox"
        case .cluster(let config, _): return config.server
        }
    }
}
