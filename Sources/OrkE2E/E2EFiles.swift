import FoundationEssentials
import OrkKatalog
import OrkValue

/// Which e2e files a command line names, and `--skip` patterns.
public enum E2EFiles {
    public struct NotFound: Error, CustomStringConvertible {
        public var description: String
    }

    /// `files` as given, then each path: a file, a directory's e2e files, or `DIR/...` recursively
    /// (only files holding a `kind: E2E` document). Nothing given: `e2e.yaml`.
    public static func find(files: [String], paths: [String]) throws(NotFound) -> [String] {
        var result = files
        let manager = FileManager.default
        for path in paths {
            let recursive = path.hasSuffix("/...") || path == "..."
            let directory = recursive ? String(path.dropLast(path == "..." ? 3 : 4)) : path
            var isDirectory = false
            guard manager.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory) else {
                throw NotFound(description: "\(path) does not exist")
            }
            guard isDirectory else {
                result.append(path)
                continue
            }
            let root = directory.isEmpty ? "." : directory
            let candidates: [String]
            if recursive {
                candidates = ((try? manager.subpathsOfDirectory(atPath: root)) ?? []).sorted()
            } else {
                candidates = ((try? manager.contentsOfDirectory(atPath: root)) ?? []).sorted()
            }
            let found = candidates.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { root == "." ? $0 : "\(root)/\($0)" }
                .filter { file in LocalFileSystem().readText(atPath: file).map { E2ELoader.isE2E($0, file: file) } ?? false }
            if found.isEmpty { throw NotFound(description: "no e2e files (kind: E2E) in \(path)") }
            result += found
        }
        if result.isEmpty { result = ["e2e.yaml"] }
        return result
    }

    /// Whether `name` matches `pattern`, where `*` is any run of characters and `?` any one character.
    public static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name), glob = Array(pattern)
        var t = 0, g = 0
        var starG = -1, starT = 0
        while t < text.count {
            if g < glob.count, glob[g] == "?" || glob[g] == text[t] {
                t += 1
                g += 1
            } else if g < glob.count, glob[g] == "*" {
                starG = g
                starT = t
                g += 1
            } else if starG >= 0 {
                g = starG + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == "*" { g += 1 }
        return g == glob.count
    }
}
