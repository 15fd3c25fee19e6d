import ArgumentParser
import FoundationEssentials
import OrkInit

/// `ork init`: a new, runnable project from the starter or a pack.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new Orkestra project (Katalog, CRD, sample objects, e2e file, README) into a new directory.",
        discussion: """
            Without --pack, a minimal starter named after the directory. Every pack runs with `ork run` on the \
            embedded sandbox with no other setup, and `ork e2e` runs its tests. Packs are compiled into ork; \
            nothing is downloaded. The directory must be new or empty.
            """
    )

    @Argument(help: "The project's directory (default: the pack's name).")
    var directory: String?

    @Option(help: "The pack to write (see --list).")
    var pack: String?

    @Flag(help: "List the packs.")
    var list = false

    func run() throws {
        if list {
            let packs = PackCatalog.all
            let width = packs.map(\.name.count).max() ?? 0
            for pack in packs {
                say(pack.name + String(repeating: " ", count: max(0, width + 2 - pack.name.count)) + pack.summary)
            }
            return
        }
        let name = pack ?? PackCatalog.starterName
        guard let chosen = PackCatalog.pack(named: name) else {
            throw ValidationError("no pack named \"\(name)\"; ork init --list shows them: "
                                  + PackCatalog.all.map(\.name).joined(separator: ", "))
        }
        let target = directory ?? String(name.split(separator: "/").last ?? "project")
        let written: [String]
        do {
            written = try ProjectWriter.write(chosen, to: target)
        } catch {
            throw ValidationError(error.description)
        }
        say("wrote \(name) into \(target)/: \(written.joined(separator: ", "))")
        say("next: cd \(target) && ork run      (ork e2e runs its tests; README.md says more)")
    }
}
