import OrkTestSupport
import Foundation
import Testing
import OrkKatalog

/// Feeds mutated Katalogs to the loader: it must never trap, and every error must say where it is.
@Suite struct LoaderFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["ORK_FUZZ_ITERATIONS"] ?? "") ?? 4000

    static let fragments = [
        "{{", "}}", "{{ .spec.x }}", ":", " ", "\n", "- ", "[", "]", "{", "}", "&a", "*a", "<<: *a", "\"", "'", "#",
        "\t", "~", "null", "true", "-1", "99999999999999999999", "1e309", "!!str", "|", ">", "\u{00}", "é", "😀",
        "when:", "or:", "- field: spec.x", "regex: \"(\"", "between: [3, 1]", "dependsOn: [website]", "crdFile: x",
        "$X", "${X}", "${", "$", "imports: [patterns/website.yaml]", "- https://h/p.yaml", "- p:1.0", "../", "auth:",
    ]

    static func mutate(_ text: String, using rng: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !lines.isEmpty else { break }
            let index = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[index], at: index)
            case 2:
                let other = Int.random(in: 0..<lines.count, using: &rng)
                lines.swapAt(index, other)
            case 3:
                var chars = Array(lines[index])
                let at = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &rng)
                chars.insert(contentsOf: fragments.randomElement(using: &rng) ?? "", at: at)
                lines[index] = String(chars)
            case 4:
                var chars = Array(lines[index])
                if !chars.isEmpty { chars.remove(at: Int.random(in: 0..<chars.count, using: &rng)) }
                lines[index] = String(chars)
            case 5: lines[index] = "  " + lines[index]
            default: lines[index] = String(lines[index].drop { $0 == " " })
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func mutatedKatalogsNeverTrapAndErrorsArePositioned() async throws {
        let website = try Repo.read("examples/website/katalog.yaml")
        let platform = try Repo.read("examples/platform/katalog.yaml")
        let files = [
            "crd.yaml": try Repo.read("examples/website/crd.yaml"), "cr.yaml": try Repo.read("examples/website/cr.yaml"),
            "crds.yaml": try Repo.read("examples/platform/crds.yaml"),
            "../website/crd.yaml": try Repo.read("examples/website/crd.yaml"),
            "../website/cr.yaml": try Repo.read("examples/website/cr.yaml"),
        ]
        let imports = try Repo.read("examples/imports/katalog.yaml")
        let pattern = try Repo.read("examples/imports/patterns/website.yaml")
        let environment = ImportResolution(environment: ["X": "patterns", "ORK_REGISTRY": "https://h"],
                                           remote: ["https://h/p.yaml": .text(pattern), "https://h/p/1.0.yaml": .failed("HTTP 404")])
        var rng = SplitMix64(seed: 0x0C0FFEE)
        var withErrors = 0
        for iteration in 0..<Self.iterations {
            if iteration % 256 == 0 { await Task.yield() }  // share the test pool's threads with the other suites
            var fileSystem = MemoryFileSystem(files: files)
            let text: String
            switch iteration % 4 {
            case 0: text = Self.mutate(website, using: &rng)
            case 1: text = Self.mutate(platform, using: &rng)
            case 2:  // a Katalog with imports, itself mutated
                fileSystem.files["patterns/website.yaml"] = pattern
                text = Self.mutate(imports, using: &rng)
            default:  // a mutated pattern imported by an intact Katalog
                fileSystem.files["patterns/website.yaml"] = Self.mutate(pattern, using: &rng)
                text = imports
            }
            _ = KatalogImports.remoteRequests(text: text, file: "k.yaml", environment: environment.environment)
            let result = KatalogLoader.load(text: text, file: "k.yaml", fileSystem: fileSystem, imports: environment)
            if result.hasErrors { withErrors += 1 }
            for error in result.errors where error.position == nil && error.crd == nil {
                // Katalog-level findings without a position must at least name a field.
                #expect(!error.field.isEmpty, "unlocated error for input:\n\(text)\n\(error)")
            }
        }
        // The mutations must actually exercise the error paths.
        #expect(withErrors > Self.iterations / 4)
    }
}
