import OrkValue

/// The outcome of loading a Katalog: the model (as much as could be decoded) and every diagnostic.
public struct KatalogLoadResult: Sendable {
    /// The Katalog; present unless the file could not be read or parsed at all. It holds the CRD
    /// entries that decoded; check `hasErrors` before acting on it.
    public var katalog: Katalog?
    /// Every CRD key written in the file, in order (including entries that failed to decode).
    public var crdKeys: [String]
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Loads a Katalog strictly: unknown keys, wrong types, missing files, bad templates and rules,
/// dependency cycles and inconsistent settings are all reported in one pass.
public enum KatalogLoader {
    /// Loads the Katalog at `file`.
    /// `requireCRFiles: false` (a deployed runtime or gateway, which never applies the development CRs)
    /// reports a missing crFile as a warning instead of an error: `ork generate bundle` does not embed them.
    public static func load(file: String, fileSystem: any TextFileSystem = LocalFileSystem(),
                            requireCRFiles: Bool = true) -> KatalogLoadResult {
        guard let text = fileSystem.readText(atPath: file) else {
            return KatalogLoadResult(katalog: nil, crdKeys: [], diagnostics: [
                Diagnostic(.error, at: nil, field: "", message: "cannot read Katalog file \(file)",
                           hint: "check the path, or pass -f <file>"),
            ])
        }
        return load(text: text, file: file, fileSystem: fileSystem, requireCRFiles: requireCRFiles)
    }

    /// Loads a Katalog from `text`, naming it `file` in diagnostics and resolving relative paths against it.
    public static func load(text: String, file: String, fileSystem: any TextFileSystem = LocalFileSystem(),
                            requireCRFiles: Bool = true) -> KatalogLoadResult
    {
        let context = LoaderContext(fileSystem: fileSystem, requireCRFiles: requireCRFiles)
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(text, file: file)
        } catch {
            context.error(error.message, at: error.position, field: "")
            return KatalogLoadResult(katalog: nil, crdKeys: [], diagnostics: context.diagnostics)
        }
        let katalogs = documents.filter { $0["kind"]?.scalar?.text == Katalog.kind }
        guard let root = katalogs.first ?? (documents.count == 1 ? documents.first : nil) else {
            context.error("no Katalog document (kind: Katalog) in \(file)", at: documents.first?.position, field: "kind")
            return KatalogLoadResult(katalog: nil, crdKeys: [], diagnostics: context.diagnostics)
        }
        if katalogs.count > 1 {
            context.error("\(katalogs.count) Katalog documents in one file", at: katalogs[1].position, field: "",
                          hint: "keep one Katalog per file")
        }
        var declared: [DeclaredCRD] = []
        let katalog = decode(root, text: text, file: file, context: context, declared: &declared)
        if let katalog {
            KatalogChecks(context: context, katalog: katalog, declared: declared).run()
        }
        TemplateChecks(context: context, functions: .standard).run(root: root)
        let sorted = context.diagnostics.enumerated().sorted { lhs, rhs in
            // Stable order: by position, then by the order found.
            switch (lhs.element.position, rhs.element.position) {
            case (let l?, let r?) where l != r: return l < r
            case (nil, .some): return true
            case (.some, nil): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
        return KatalogLoadResult(katalog: katalog, crdKeys: declared.map(\.key), diagnostics: sorted)
    }

    static func decode(_ root: YAMLNode, text: String, file: String, context: LoaderContext,
                       declared: inout [DeclaredCRD]) -> Katalog? {
        guard let reader = FieldReader(root, path: "", context: context, allowed: ["apiVersion", "kind", "metadata", "spec"],
                                       required: ["apiVersion", "kind", "metadata", "spec"])
        else { return nil }
        if let apiVersion = reader.string("apiVersion"), apiVersion != Katalog.apiVersion {
            context.error("unsupported apiVersion \"\(apiVersion)\"", at: reader.position("apiVersion"), field: "apiVersion",
                          hint: "use \(Katalog.apiVersion)")
        }
        if let kind = reader.string("kind"), kind != Katalog.kind {
            context.error("kind must be Katalog, found \"\(kind)\"", at: reader.position("kind"), field: "kind")
        }
        let metadata = self.metadata(reader.value("metadata"), context: context)
        var security = SecuritySettings()
        var notification = NotificationSettings()
        var crds: [CRDEntry] = []
        if let specNode = reader.value("spec"),
           let spec = FieldReader(specNode, path: "spec", context: context, allowed: ["security", "notification", "crds"],
                                  required: ["crds"]) {
            if let node = spec.value("security") { security = SecurityDecoder(context: context).security(node) }
            if let node = spec.value("notification") {
                notification = SecurityDecoder(context: context).notification(node)
            }
            if let crdsNode = spec.value("crds") {
                if crdsNode.items != nil {
                    context.error("spec.crds must be a mapping of key: entry, not a list", at: crdsNode.position,
                                  field: "spec.crds", hint: "write `website:` instead of `- name: website`")
                } else if let pairs = crdsNode.pairs {
                    let decoder = CRDEntryDecoder(context: context, baseDirectory: KatalogPath.directory(of: file))
                    for pair in pairs {
                        context.currentCRD = pair.key
                        let decoded = decoder.entry(key: pair.key, keyPosition: pair.keyPosition, node: pair.value,
                                                    path: "spec.crds.\(pair.key)")
                        declared.append(decoded.declared)
                        if let entry = decoded.entry, decoded.declared.enabled { crds.append(entry) }
                        context.currentCRD = nil
                    }
                    if pairs.isEmpty {
                        context.error("spec.crds is empty", at: crdsNode.position, field: "spec.crds")
                    }
                } else {
                    context.error("expected a mapping of CRD entries", at: crdsNode.position, field: "spec.crds")
                }
            }
        }
        return Katalog(file: file, sourceText: text, metadata: metadata, security: security, notification: notification,
                       crds: crds)
    }

    static func metadata(_ node: YAMLNode?, context: LoaderContext) -> KatalogMetadata {
        guard let node,
              let reader = FieldReader(node, path: "metadata", context: context,
                                       allowed: ["name", "version", "description", "clusterName", "author", "labels"],
                                       required: ["name"])
        else { return KatalogMetadata(name: "") }
        let name = reader.string("name") ?? ""
        if !name.isEmpty, !CRDEntryDecoder.isValidKey(name) {
            context.error("metadata.name \"\(name)\" is not a lowercase DNS label", at: reader.position("name"),
                          field: "metadata.name", hint: "it names ConfigMaps and RBAC objects; e.g. \"\(CRDEntryDecoder.suggestedKey(name))\"")
        }
        return KatalogMetadata(name: name, version: reader.string("version"), description: reader.string("description"),
                               clusterName: reader.string("clusterName"), author: reader.string("author"),
                               labels: reader.stringMap("labels") ?? [:])
    }
}
