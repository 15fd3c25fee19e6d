import OrkValue
import Foundation
import OrkKatalog

/// An in-memory file system for loader tests.
struct MemoryFileSystem: TextFileSystem {
    var files: [String: String]
    func readText(atPath path: String) -> String? { files[path] }
}

/// Paths into the repository, found from this source file.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }
}

/// A minimal valid Katalog with one CRD declared through apiTypes; `extra` is spliced into the entry.
func katalogText(entry extra: String = "", spec specExtra: String = "", key: String = "app") -> String {
    """
    apiVersion: orkestra.orkspace.io/v1
    kind: Katalog
    metadata:
      name: test
    spec:
    \(specExtra)
      crds:
        \(key):
          apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}
    \(extra)
    """
}

func load(_ text: String, files: [String: String] = [:]) -> KatalogLoadResult {
    KatalogLoader.load(text: text, file: "k.yaml", fileSystem: MemoryFileSystem(files: files))
}

extension KatalogLoadResult {
    /// Messages of errors, for compact assertions.
    var errorMessages: [String] { errors.map(\.message) }
    func hasError(containing text: String) -> Bool { errors.contains { $0.message.contains(text) } }
    func hasWarning(containing text: String) -> Bool { warnings.contains { $0.message.contains(text) } }
}
