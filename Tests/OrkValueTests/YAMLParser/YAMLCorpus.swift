import Foundation

/// The YAML the repository holds, as differential inputs: every `.yaml`/`.yml` file (examples, charts,
/// golden files, fixtures, scenario Katalogs), the ```yaml blocks of the docs, and the multi-line string
/// literals of the Swift tests (Katalog and manifest snippets, many deliberately broken).
struct YAMLCorpusEntry {
    var name: String
    var text: String
}

enum YAMLCorpus {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // YAMLParser, OrkValueTests, Tests, the repository
        return url
    }()

    static let skippedDirectories: Set<String> = [".build", ".git", ".swiftpm", "node_modules", ".go", "out"]

    static func files(withExtensions extensions: Set<String>) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in enumerator {
            if skippedDirectories.contains(url.lastPathComponent) {
                enumerator.skipDescendants()
                continue
            }
            if extensions.contains(url.pathExtension) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    static func relative(_ url: URL) -> String {
        String(url.path.dropFirst(root.path.count + 1))
    }

    static func yamlFiles() -> [YAMLCorpusEntry] {
        files(withExtensions: ["yaml", "yml"]).compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { YAMLCorpusEntry(name: relative(url), text: $0) }
        }
    }

    /// Fenced ```yaml blocks of the Markdown files.
    static func documentationBlocks() -> [YAMLCorpusEntry] {
        var entries: [YAMLCorpusEntry] = []
        for url in files(withExtensions: ["md"]) {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var block: [Substring]?
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.drop { $0 == " " }
                if var lines = block {
                    if trimmed.hasPrefix("```") {
                        entries.append(YAMLCorpusEntry(name: "\(relative(url)):\(number)", text: lines.joined(separator: "\n") + "\n"))
                        block = nil
                    } else {
                        lines.append(line)
                        block = lines
                    }
                } else if trimmed.hasPrefix("```yaml") || trimmed.hasPrefix("```yml") {
                    block = []
                }
            }
        }
        return entries
    }

    /// Multi-line string literals (`"""` … `"""`) of the test sources, with their indentation removed.
    static func swiftTestLiterals() -> [YAMLCorpusEntry] {
        var entries: [YAMLCorpusEntry] = []
        for url in files(withExtensions: ["swift"]) where relative(url).hasPrefix("Tests/") {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var block: [Substring]?
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.drop { $0 == " " }
                if var lines = block {
                    if trimmed.hasPrefix("\"\"\"") {
                        let indent = line.count - trimmed.count
                        let body = lines.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
                        entries.append(YAMLCorpusEntry(name: "\(relative(url)):\(number)", text: body.joined(separator: "\n") + "\n"))
                        block = nil
                    } else {
                        lines.append(line)
                        block = lines
                    }
                } else if line.hasSuffix("\"\"\"") && trimmed.count > 3 {
                    block = []
                }
            }
        }
        return entries
    }
}
