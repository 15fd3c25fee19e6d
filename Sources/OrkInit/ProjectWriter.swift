import FoundationEssentials

/// Why a project could not be written.
public struct ProjectWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes a pack into a new directory: refuses one that exists with anything in it, so `ork init`
/// never overwrites a user's files.
public enum ProjectWriter {
    /// The files written, relative to `directory`, sorted.
    public static func write(_ pack: PackCatalog.Pack, to directory: String) throws(ProjectWriteError) -> [String] {
        let manager = FileManager.default
        var isDirectory = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory else { throw ProjectWriteError("\(directory) exists and is not a directory") }
            let contents = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            guard contents.isEmpty else {
                throw ProjectWriteError("\(directory) is not empty; ork init writes a new project into a new or empty directory")
            }
        }
        let files = customized(pack, for: directory)
        for path in files.keys.sorted() {
            guard let text = files[path] else { continue }
            let full = directory + "/" + path
            let parent = String(full[..<(full.lastIndex(of: "/") ?? full.endIndex)])
            do {
                try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: true, encoding: .utf8)
            } catch {
                throw ProjectWriteError("cannot write \(full): \(error)")
            }
        }
        return files.keys.sorted()
    }

    /// The starter's Katalog named after the directory (when that is a DNS label), as a new project's
    /// name should be; packs keep their own names.
    static func customized(_ pack: PackCatalog.Pack, for directory: String) -> [String: String] {
        var files = pack.files
        let name = (directory.split(separator: "/").last.map(String.init) ?? directory).lowercased()
        guard pack.name == PackCatalog.starterName, isDNSLabel(name), let katalog = files["katalog.yaml"] else { return files }
        files["katalog.yaml"] = katalog.replacing("\n  name: starter\n", with: "\n  name: \(name)\n")
        return files
    }

    static func isDNSLabel(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last, name.count <= 63, first.isLetter, last != "-" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
