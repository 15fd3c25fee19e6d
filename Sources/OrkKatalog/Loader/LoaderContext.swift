import OrkValue

/// Shared state of one Katalog load: the diagnostics collected so far and how to read files.
final class LoaderContext {
    private(set) var diagnostics: [Diagnostic] = []
    /// The CRD key being decoded, attached to every diagnostic reported meanwhile.
    var currentCRD: String?
    let fileSystem: any TextFileSystem
    /// Whether a missing crFile is an error (development) or a warning (deployed, `--no-apply`).
    let requireCRFiles: Bool
    /// The environment and fetched patterns `spec.imports` resolves with.
    let imports: ImportResolution

    init(fileSystem: any TextFileSystem, requireCRFiles: Bool = true,
         imports: ImportResolution = .filesOnly) {
        self.fileSystem = fileSystem
        self.requireCRFiles = requireCRFiles
        self.imports = imports
    }

    func error(_ message: String, at position: SourcePosition?, field: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: position, crd: currentCRD, field: field, message: message, hint: hint))
    }

    func warning(_ message: String, at position: SourcePosition?, field: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: position, crd: currentCRD, field: field, message: message, hint: hint))
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}

/// Path helpers for resolving files relative to the Katalog.
public enum KatalogPath {
    public static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        let dir = String(file[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `relative` resolved against `base` (absolute paths are kept); `./` segments are dropped.
    public static func resolve(_ relative: String, against base: String) -> String {
        if relative.hasPrefix("/") { return relative }
        var path = relative
        while path.hasPrefix("./") { path.removeFirst(2) }
        if base == "." { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// `path` without `.` segments and with `dir/..` pairs collapsed, lexically (a leading `..` stays):
    /// `./patterns/../db.yaml` is `db.yaml`.
    public static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if let last = segments.last, last != ".." { segments.removeLast() } else if !absolute { segments.append(segment) }
            default: segments.append(segment)
            }
        }
        let joined = segments.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
