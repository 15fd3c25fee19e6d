import ArgumentParser
import OrkKatalog

/// The `ork` command line: validate, generate and (later) run Katalogs.
@main
struct Ork: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ork",
        abstract: "Orkestra: a declarative runtime for Kubernetes operators.",
        version: OrkVersion.current,
        subcommands: [InitCommand.self, RunCommand.self, ValidateCommand.self, E2ECommand.self, GenerateCommand.self, SandboxCommand.self, ControlCommand.self]
    )
}
