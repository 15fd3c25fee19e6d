import OrkValue

/// Reads the pattern files a Katalog imports: each a Katalog document whose `spec.crds` is merged into
/// the importing Katalog. Problems with the file itself (missing, unreachable, not YAML, empty) are
/// reported at the import; problems inside it at their own line in the pattern file.
struct PatternReader {
    let context: LoaderContext
    /// The importing Katalog's file (file imports resolve against its directory).
    let katalogFile: String
    let remote: [String: RemotePatternResult]

    /// The `spec.crds` entries of the pattern `pattern` imports, with its relative file names rewritten
    /// to be relative to the importing Katalog; nil when it has none to give.
    func crds(of pattern: PatternImport) -> [YAMLPair]? {
        guard let text = text(of: pattern) else { return nil }
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(text, file: displayName(of: pattern))
        } catch {
            report("pattern file \(pattern.name) is not valid YAML: \(error.position): \(error.message)",
                   pattern)
            return nil
        }
        let nonEmpty = documents.filter { !($0.scalar?.isNull ?? false) }
        guard !nonEmpty.isEmpty else {
            report("pattern file \(pattern.name) is empty", pattern, hint: "a pattern is a Katalog document with spec.crds")
            return nil
        }
        let katalogs = nonEmpty.filter { $0["kind"]?.scalar?.text == Katalog.kind }
        guard let root = katalogs.first ?? (nonEmpty.count == 1 ? nonEmpty.first : nil) else {
            report("pattern file \(pattern.name) holds no Katalog document (kind: Katalog)", pattern)
            return nil
        }
        guard let pairs = crdPairs(root, pattern: pattern) else { return nil }
        return pairs.compactMap { rewritingPaths($0, pattern: pattern) }
    }

    /// The file name positions inside the pattern carry: the path a user can open (as the Katalog's own
    /// positions carry the Katalog's path as given), or the URL.
    func displayName(of pattern: PatternImport) -> String {
        switch pattern.location {
        case .file(let written): return KatalogPath.resolve(written, against: KatalogPath.directory(of: katalogFile))
        case .remote(let request): return request.url
        }
    }

    func text(of pattern: PatternImport) -> String? {
        switch pattern.location {
        case .file(let written):
            let path = displayName(of: pattern)
            guard let text = context.fileSystem.readText(atPath: path) else {
                report("pattern file \(written) does not exist or cannot be read (looked for \(path))", pattern,
                       hint: "paths are relative to the Katalog's directory")
                return nil
            }
            return text
        case .remote(let request):
            switch remote[request.url] {
            case .text(let text)?: return text
            case .failed(let reason)?:
                report("pattern \(request.url) is unreachable: \(reason)", pattern)
                return nil
            case nil:
                report("pattern \(request.url) was not fetched", pattern,
                       hint: "URL imports are fetched by ork run, ork validate and ork-gateway before loading")
                return nil
            }
        }
    }

    func crdPairs(_ root: YAMLNode, pattern: PatternImport) -> [YAMLPair]? {
        guard let reader = FieldReader(root, path: "", context: context, allowed: ["apiVersion", "kind", "metadata", "spec"],
                                       required: ["apiVersion", "kind", "spec"])
        else { return nil }
        if let apiVersion = reader.string("apiVersion"), apiVersion != Katalog.apiVersion {
            context.error("unsupported apiVersion \"\(apiVersion)\"", at: reader.position("apiVersion"), field: "apiVersion",
                          hint: "use \(Katalog.apiVersion)")
        }
        guard let spec = reader.value("spec"), let specPairs = spec.pairs else {
            report("pattern file \(pattern.name) has no spec.crds", pattern)
            return nil
        }
        for pair in specPairs where pair.key != "crds" {
            let hint = pair.key == "imports" ? "imports are one level deep: import it from the Katalog instead"
                : "a pattern contributes CRDs only; set \(pair.key) in the importing Katalog"
            context.error("a pattern file cannot set spec.\(pair.key)", at: pair.keyPosition, field: "spec.\(pair.key)",
                          hint: hint)
        }
        guard let crds = spec["crds"], let pairs = crds.pairs, !pairs.isEmpty else {
            report("pattern file \(pattern.name) declares no CRDs (spec.crds is empty or missing)", pattern)
            return nil
        }
        return pairs
    }

    /// `crdFile` and `crFiles` of a file pattern made relative to the importing Katalog; a remote
    /// pattern may not name local files at all.
    func rewritingPaths(_ pair: YAMLPair, pattern: PatternImport) -> YAMLPair? {
        guard var entryPairs = pair.value.pairs else { return pair }
        var namesLocalFiles = false
        for index in entryPairs.indices where ["crdFile", "crFiles"].contains(entryPairs[index].key) {
            let field = "spec.crds.\(pair.key).\(entryPairs[index].key)"
            switch pattern.location {
            case .remote(let request):
                context.error("a pattern fetched from \(request.url) cannot name local files", at: entryPairs[index].keyPosition,
                              field: field, hint: "declare the CRD with apiTypes in a remote pattern")
                namesLocalFiles = true
            case .file(let written):
                entryPairs[index].value = rebased(entryPairs[index].value, onto: KatalogPath.directory(of: written))
            }
        }
        if namesLocalFiles { return nil }
        var result = pair
        result.value.content = .mapping(entryPairs)
        return result
    }

    /// Scalars (and list items) resolved against `directory`, itself relative to the Katalog's.
    func rebased(_ node: YAMLNode, onto directory: String) -> YAMLNode {
        var node = node
        switch node.content {
        case .scalar(var scalar) where !scalar.isNull:
            scalar.text = KatalogPath.normalized(KatalogPath.resolve(scalar.text, against: directory))
            node.content = .scalar(scalar)
        case .sequence(let items):
            node.content = .sequence(items.map { rebased($0, onto: directory) })
        default:
            break
        }
        return node
    }

    func report(_ message: String, _ pattern: PatternImport, hint: String? = nil) {
        context.error(message, at: pattern.position, field: pattern.field, hint: hint)
    }
}
