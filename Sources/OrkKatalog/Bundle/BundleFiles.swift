import OrkValue

/// A Katalog whose referenced files cannot be carried by the bundle's ConfigMap.
public struct BundleFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension BundleGenerator {
    /// The crdFiles a bundle embeds beside the Katalog, keyed by file name (ConfigMap keys cannot hold
    /// directories, so each crdFile must sit in the Katalog's directory). crFiles are development-only.
    public static func embeddedFiles(for katalog: Katalog, fileSystem: any TextFileSystem = LocalFileSystem())
        throws(BundleFileError) -> [String: String]
    {
        var files: [String: String] = [:]
        let directory = KatalogPath.directory(of: katalog.file)
        for entry in katalog.crds {
            guard let crdFile = entry.crdFile else { continue }
            var relative = crdFile
            while relative.hasPrefix("./") { relative.removeFirst(2) }
            guard !relative.contains("/"), relative != "katalog.yaml" else {
                throw BundleFileError(description: """
                    \(entry.key): crdFile \(crdFile) is not beside the Katalog; the bundle's ConfigMap can only carry \
                    files in the Katalog's directory. Move it there, or replace crdFile with apiTypes.
                    """)
            }
            let path = KatalogPath.resolve(relative, against: directory)
            guard let text = fileSystem.readText(atPath: path) else {
                throw BundleFileError(description: "\(entry.key): cannot read crdFile \(path)")
            }
            files[relative] = text
        }
        return files
    }
}
