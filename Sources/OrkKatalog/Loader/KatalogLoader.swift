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
    /// `imports` gives the environment and the fetched remote patterns for `spec.imports`.
    public static func load(file: String, fileSystem: any TextFileSystem = LocalFileSystem(),
                            requireCRFiles: Bool = true, imports: ImportResolution = .filesOnly) -> KatalogLoadResult {
        guard let text = fileSystem.readText(atPath: file) else {
            return KatalogLoadResult(katalog: nil, crdKeys: [], diagnostics: [
                Diagnostic(.error, at: nil, field: "", message: "cannot read Katalog file \(file)",
                           hint: "check the path, or pass -f <file>"),
            ])
        }
        return load(text: text, file: file, fileSystem: fileSystem, requireCRFiles: requireCRFiles, imports: imports)
    }

    /// Loads a Katalog from `text`, naming it `file` in diagnostics and resolving relative paths against it.
    public static func load(text: String, file: String, fileSystem: any TextFileSystem = LocalFileSystem(),
                            requireCRFiles: Bool = true, imports: ImportResolution = .filesOnly) -> KatalogLoadResult
    {
        let context = LoaderContext(fileSystem: fileSystem, requireCRFiles: requireCRFiles, imports: imports)
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
        var effectiveRoot = root
        let katalog = decode(root, text: text, file: file, context: context, declared: &declared, effectiveRoot: &effectiveRoot)
        if let katalog {
            KatalogChecks(context: context, katalog: katalog, declared: declared).run()
        }
        // Imported entries are checked where they were written (their nodes keep their files' positions).
        TemplateChecks(context: context, functions: .standard).run(root: effectiveRoot)
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

    /// `effectiveRoot` becomes the Katalog with its imports resolved, when it has any.
    static func decode(_ root: YAMLNode, text: String, file: String, context: LoaderContext,
                       declared: inout [DeclaredCRD], effectiveRoot: inout YAMLNode) -> Katalog? {
        guard let reader = FieldReader.document(root, kind: Katalog.kind, context: context) else { return nil }
        let metadata = self.metadata(reader.value("metadata"), context: context)
        var security = SecuritySettings()
        var notification = NotificationSettings()
        var crds: [CRDEntry] = []
        var sourceText = text
        if let specNode = reader.value("spec"),
           let spec = FieldReader(specNode, path: "spec", context: context, allowed: ["security", "notification", "imports", "crds"]) {
            if let node = spec.value("security") { security = SecurityDecoder(context: context).security(node) }
            if let node = spec.value("notification") {
                notification = SecurityDecoder(context: context).notification(node)
            }
            let imported = importedCRDs(spec, file: file, context: context)
            var inline: [YAMLPair] = []
            if let crdsNode = spec.value("crds") {
                if crdsNode.items != nil {
                    context.error("spec.crds must be a mapping of key: entry, not a list", at: crdsNode.position,
                                  field: "spec.crds", hint: "write `website:` instead of `- name: website`")
                } else if let pairs = crdsNode.pairs {
                    inline = pairs
                } else {
                    context.error("expected a mapping of CRD entries", at: crdsNode.position, field: "spec.crds")
                }
            } else if imported == nil, !gatewayOnly(security: security, notification: notification) {
                context.error("missing required key \"crds\"", at: specNode.position, field: "spec.crds",
                              hint: "only a Katalog for the gateway alone (deletion protection or notification teams) has no CRDs")
            }
            let pairs = imported.map { ImportedCRDs(context: context).merged(imported: $0, inline: inline) } ?? inline
            if pairs.isEmpty, spec.value("crds") != nil || imported?.isEmpty == false,
               !gatewayOnly(security: security, notification: notification) {
                context.error("spec.crds is empty", at: spec.value("crds")?.position ?? specNode.position, field: "spec.crds",
                              hint: "only a Katalog for the gateway alone (deletion protection or notification teams) has no CRDs")
            }
            let decoder = CRDEntryDecoder(context: context, baseDirectory: KatalogPath.directory(of: file))
            for pair in pairs {
                context.currentCRD = pair.key
                let decoded = decoder.entry(key: pair.key, keyPosition: pair.keyPosition, node: pair.value,
                                            path: "spec.crds.\(pair.key)")
                declared.append(decoded.declared)
                if let entry = decoded.entry, decoded.declared.enabled { crds.append(entry) }
                context.currentCRD = nil
            }
            if imported != nil {
                effectiveRoot = flattened(root, crds: pairs)
                sourceText = "# \(file) with its imported patterns merged in by ork \(OrkVersion.current)\n"
                    + YAMLWriter.document(effectiveRoot)
            }
        }
        return Katalog(file: file, sourceText: sourceText, metadata: metadata, security: security, notification: notification,
                       crds: crds)
    }

    /// Whether a Katalog without CRDs still gives the gateway work: protecting labelled objects, or
    /// delivering other runtimes' notifications to its teams (a standalone gateway's Katalog).
    static func gatewayOnly(security: SecuritySettings, notification: NotificationSettings) -> Bool {
        (security.deletionProtection?.enabled ?? false) || !notification.teams.isEmpty
    }

    /// The imported patterns' CRD entries, one list per import; nil without `spec.imports`.
    static func importedCRDs(_ spec: FieldReader, file: String, context: LoaderContext)
        -> [(pattern: PatternImport, pairs: [YAMLPair])]? {
        guard let node = spec.value("imports") else { return nil }
        let patterns = ImportDecoder(context: context, environment: context.imports.environment)
            .imports(node, path: spec.field("imports"))
        let reader = PatternReader(context: context, katalogFile: file, remote: context.imports.remote)
        return patterns.compactMap { pattern in reader.crds(of: pattern).map { (pattern, $0) } }
    }

    /// The Katalog with its imports resolved: `spec.imports` gone, `spec.crds` the merged entries. This
    /// is what `ork generate bundle` embeds, so a deployed runtime reads no pattern files.
    static func flattened(_ root: YAMLNode, crds: [YAMLPair]) -> YAMLNode {
        guard let rootPairs = root.pairs else { return root }
        let rewritten = rootPairs.map { pair -> YAMLPair in
            guard pair.key == "spec", let specPairs = pair.value.pairs else { return pair }
            var spec = specPairs.filter { $0.key != "imports" && $0.key != "crds" }
            let position = specPairs.first { $0.key == "crds" }?.keyPosition ?? pair.value.position
            spec.append(YAMLPair(key: "crds", keyPosition: position, value: YAMLNode(.mapping(crds), at: position)))
            return YAMLPair(key: pair.key, keyPosition: pair.keyPosition, value: YAMLNode(.mapping(spec), at: pair.value.position))
        }
        return YAMLNode(.mapping(rewritten), at: root.position)
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
