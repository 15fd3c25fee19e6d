import ArgumentParser
import FoundationEssentials
import OrkKatalog

/// The `ork` command line: init, run, validate, e2e, generate, sandbox and control Katalogs.
///
/// Installed (or linked) as `kubectl-ork` on the PATH it is also a kubectl plugin, following krew's
/// naming: `kubectl ork control …` runs `kubectl-ork control …`, and the help then says `kubectl ork`.
@main
struct Ork: AsyncParsableCommand {
    /// The executable's name as the user typed it: `kubectl ork` when run as the kubectl plugin.
    static let invokedName: String = {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "ork").lastPathComponent
        return executable == "kubectl-ork" ? "kubectl ork" : "ork"
    }()

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: invokedName,
            abstract: "Orkestra: a declarative runtime for Kubernetes operators.",
            version: OrkVersion.current,
            subcommands: [InitCommand.self, RunCommand.self, ValidateCommand.self, E2ECommand.self, GenerateCommand.self,
                          SandboxCommand.self, ControlCommand.self]
        )
    }
}
