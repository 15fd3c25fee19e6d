import Foundation
import Testing
@testable import OrkRuntime

/// docs/api.md is the Control Center's contract: its examples must be the golden responses
/// (`<!-- golden: api/x.txt -->` then the request line and the whole body;
/// `<!-- golden-excerpt: api/x.txt -->` then consecutive lines of the body), and its metrics table
/// must list exactly the families `/metrics` renders, with their types.
@Suite struct DocsExampleTests {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func document() throws -> [String] {
        try String(contentsOfFile: repoRoot + "/docs/api.md", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// (head lines, body) of a golden file.
    static func golden(_ relative: String) throws -> (head: [String], body: String) {
        let text = try String(contentsOfFile: GoldenFile.sourceDirectory + "/" + relative, encoding: .utf8)
        guard let split = text.range(of: "\n\n") else { return ([], text) }
        return (text[..<split.lowerBound].split(separator: "\n").map(String.init), String(text[split.upperBound...]))
    }

    /// The fenced block starting at or after `index`: its lines and the index after it.
    static func fence(_ lines: [String], from index: Int) -> [String]? {
        guard let open = lines[index...].firstIndex(where: { $0.hasPrefix("```") }),
              let close = lines[(open + 1)...].firstIndex(where: { $0 == "```" }) else { return nil }
        return Array(lines[(open + 1)..<close])
    }

    @Test func examplesAreTheGoldenResponses() throws {
        let lines = try Self.document()
        var checked = 0
        for (index, line) in lines.enumerated() {
            if let relative = Self.marker(line, "golden") {
                let (head, body) = try Self.golden(relative)
                let request = head.first ?? ""
                let status = head.dropFirst().first?.split(separator: " ").first.map(String.init) ?? ""
                #expect(lines.indices.contains(index + 1) && lines[index + 1] == "`\(request)` → **\(status)**",
                        "docs/api.md:\(index + 2) should read `\(request)` → **\(status)**")
                let block = try #require(Self.fence(lines, from: index), "no code block after docs/api.md:\(index + 1)")
                let text = block.joined(separator: "\n") + "\n"
                #expect(text == body, "docs/api.md example at line \(index + 1) differs from \(relative):\n\(GoldenFile.diff(body, text))")
                checked += 1
            } else if let relative = Self.marker(line, "golden-excerpt") {
                let (_, body) = try Self.golden(relative)
                let block = try #require(Self.fence(lines, from: index), "no code block after docs/api.md:\(index + 1)")
                #expect(body.contains(block.joined(separator: "\n") + "\n"),
                        "docs/api.md excerpt at line \(index + 1) is not in \(relative)")
                checked += 1
            }
        }
        #expect(checked >= 15)
    }

    @Test func metricsTableListsEveryFamily() throws {
        var documented: [String: String] = [:]
        for line in try Self.document() where line.hasPrefix("| `orkestra_") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
        }
        var rendered: [String: String] = [:]
        let inspector = FakeInspector.standard()
        for line in inspector.metrics.exposition(inspector.snapshot()).split(separator: "\n")
        where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            if parts.count == 4 { rendered[String(parts[2])] = String(parts[3]) }
        }
        #expect(documented == rendered)
    }

    static func marker(_ line: String, _ name: String) -> String? {
        let prefix = "<!-- \(name): ", suffix = " -->"
        guard line.hasPrefix(prefix), line.hasSuffix(suffix), line.count > prefix.count + suffix.count else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
