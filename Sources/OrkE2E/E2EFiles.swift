import FoundationEssentials
import OrkKatalog
import OrkValue

/// Which e2e files a command line names, and `--skip` patterns.
public enum E2EFiles {
    /// The paths name no e2e files: one is missing, a directory cannot be read, or none is `kind: E2E`.
    public struct NotFound: Error, CustomStringConvertible {
        public var description: String
    }

    /// `files` as given, then each path: a file, a directory's e2e files, or `DIR/...` recursively
    /// (only files holding a `kind: E2E` document). Nothing given: `e2e.yaml`. A directory that cannot
    /// be read (at any depth) is an error that names it, not a silent gap in the run.
    public static func find(files: [String], paths: [String],
                            directories: some DirectoryListing = FileSystemDirectories()) throws(NotFound) -> [String] {
        var result = files
        for path in paths {
            let recursive = path.hasSuffix("/...") || path == "..."
            let directory = recursive ? String(path.dropLast(path == "..." ? 3 : 4)) : path
            let root = directory.isEmpty ? "." : directory
            guard let isDirectory = directories.isDirectory(root) else {
                throw NotFound(description: "\(path) does not exist")
            }
            guard isDirectory else {
                result.append(path)
                continue
            }
            let candidates = try recursive ? subpaths(of: root, in: directories, for: path) : entries(of: root, "", in: directories, for: path)
            let found = candidates.sorted().filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { root == "." ? $0 : "\(root)/\($0)" }
                .filter { file in directories.readText(file).map { E2ELoader.isE2E($0, file: file) } ?? false }
            if found.isEmpty { throw NotFound(description: "no e2e files (kind: E2E) in \(path)") }
            result += found
        }
        if result.isEmpty { result = ["e2e.yaml"] }
        return result
    }

    /// Every path under `root`, relative to it; subdirectories are entered, not symbolic links to them.
    static func subpaths(of root: String, in directories: some DirectoryListing, for path: String) throws(NotFound) -> [String] {
        var result: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            for entry in try entries(of: root, relative, in: directories, for: path) {
                result.append(entry)
                if directories.isRealDirectory(root == "." ? entry : "\(root)/\(entry)") { pending.append(entry) }
            }
        }
        return result
    }

    /// The names in `root/relative`, as paths relative to `root`.
    static func entries(of root: String, _ relative: String, in directories: some DirectoryListing,
                        for path: String) throws(NotFound) -> [String] {
        let directory = relative.isEmpty ? root : (root == "." ? relative : "\(root)/\(relative)")
        do {
            return try directories.names(in: directory).map { relative.isEmpty ? $0 : "\(relative)/\($0)" }
        } catch {
            throw NotFound(description: "cannot read directory \(directory) (looking for e2e files in \(path)): \(error.reason)")
        }
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
