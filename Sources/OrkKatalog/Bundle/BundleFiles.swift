import OrkValue

/// A Katalog whose referenced files cannot be carried by the bundle's ConfigMap.
public struct BundleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
    public init(_ description: String) { self.description = description }
}

extension BundleGenerator {
    /// The crdFiles a bundle embeds beside the Katalog, keyed by ConfigMap key (crFiles are
    /// development-only). A ConfigMap key cannot hold directories, so a crdFile outside the Katalog's
    /// directory (an imported pattern's, say `../website/crd.yaml`) is embedded under a flat name
    /// (`website-crd.yaml`) and the Katalog is embedded with its crdFile rewritten to that name: then
    /// the result also holds `katalog.yaml`, which replaces the Katalog's own text in the bundle.
    public static func embeddedFiles(for katalog: Katalog, fileSystem: any TextFileSystem = LocalFileSystem())
        throws(BundleFileError) -> [String: String]
    {
        var files: [String: String] = [:]
        var renamed: [String: String] = [:]
        let directory = KatalogPath.directory(of: katalog.file)
        for entry in katalog.crds {
            guard let crdFile = entry.crdFile else { continue }
            let relative = KatalogPath.normalized(crdFile)
            let key = relative.contains("/") ? flatKey(relative) : relative
            guard key != "katalog.yaml" else {
                throw BundleFileError(description: "\(entry.key): a crdFile named katalog.yaml would replace the Katalog in the bundle; rename it")
            }
            let path = KatalogPath.resolve(relative, against: directory)
            guard let text = fileSystem.readText(atPath: path) else {
                throw BundleFileError(description: "\(entry.key): cannot read crdFile \(path)")
            }
            if let existing = files[key], existing != text {
                throw BundleFileError(description: "\(entry.key): crdFile \(crdFile) and another crdFile would both be embedded as \(key); rename one")
            }
            files[key] = text
            if key != relative { renamed[entry.key] = key }
        }
        if !renamed.isEmpty {
            files["katalog.yaml"] = try rewritingCRDFiles(katalog, renamed)
        }
        return files
    }

    /// `../website/crd.yaml` as `website-crd.yaml`: the path's named segments joined by `-`, anything a
    /// ConfigMap key cannot hold replaced by `-`.
    static func flatKey(_ path: String) -> String {
        let segments = path.split(separator: "/").filter { $0 != ".." && $0 != "." }
        return segments.joined(separator: "-").map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "-._".contains(character)) ? character : "-"
        }.reduce(into: "") { $0.append($1) }
    }

    /// The Katalog's text with `spec.crds.<key>.crdFile` set to the embedded names.
    static func rewritingCRDFiles(_ katalog: Katalog, _ renamed: [String: String]) throws(BundleFileError) -> String {
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(katalog.sourceText, file: katalog.file)
        } catch {
            throw BundleFileError(description: "the Katalog's text does not parse again: \(error.message)")
        }
        guard let root = documents.first(where: { $0["kind"]?.scalar?.text == Katalog.kind }) ?? documents.first else {
            throw BundleFileError(description: "the Katalog's text holds no Katalog document")
        }
        let rewritten = root.replacing(["spec", "crds"]) { crds in
            YAMLNode(.mapping((crds.pairs ?? []).map { pair in
                guard let name = renamed[pair.key] else { return pair }
                return YAMLPair(key: pair.key, keyPosition: pair.keyPosition, value: pair.value.replacing(["crdFile"]) { old in
                    guard case .scalar(var scalar) = old.content else { return old }
                    scalar.text = name
                    scalar.style = .quoted
                    var node = old
                    node.content = .scalar(scalar)
                    return node
                })
            }), at: crds.position)
        }
        return "# \(katalog.file) as embedded by ork generate bundle: crdFiles outside its directory renamed\n"
            + YAMLWriter.document(rewritten)
    }
}

extension YAMLNode {
    /// This mapping with the value at `path` (keys) transformed; unchanged when the path is absent.
    func replacing(_ path: [String], _ transform: (YAMLNode) -> YAMLNode) -> YAMLNode {
        guard let key = path.first, let pairs else { return path.isEmpty ? transform(self) : self }
        return YAMLNode(.mapping(pairs.map { pair in
            guard pair.key == key else { return pair }
            return YAMLPair(key: pair.key, keyPosition: pair.keyPosition,
                            value: pair.value.replacing(Array(path.dropFirst()), transform))
        }), at: position)
    }
}
