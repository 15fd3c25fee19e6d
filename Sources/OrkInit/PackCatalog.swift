/// The projects `ork init` writes: a minimal starter and the packs of `ork init --pack NAME`, each a
/// complete, runnable project (Katalog, CRDs, sample objects, e2e file, README) compiled into the
/// binary from the repository's examples (scripts/embed-packs).
public enum PackCatalog {
    public struct Pack: Sendable, Hashable {
        public var name: String
        public var summary: String
        /// Path relative to the project → text.
        public var files: [String: String]
    }

    /// What `ork init` without `--pack` writes.
    public static let starterName = "starter"

    static let summaries: [String: String] = [
        "starter": "a minimal project: one CRD whose objects each get a ConfigMap (what plain `ork init` writes)",
        "website": "getting started: a static website per object (ConfigMap, Deployment, Service), validation, a default, conversion",
        "security": "validation deny and warn, mutation with mutateFirst, conversion between two versions, deletion protection",
        "resilience/safe-reconcile": "three CRDs, one broken at reconcile time on purpose: only it degrades (503), the others keep reconciling",
        "gateway": "a standalone gateway's Katalog, no CRDs of its own: deletion protection (strict) of labelled objects",
    ]

    public static var all: [Pack] {
        embedded.map { entry in
            Pack(name: entry.name, summary: summaries[entry.name] ?? "",
                 files: Dictionary(entry.files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    public static func pack(named name: String) -> Pack? { all.first { $0.name == name } }

    /// The examples directory a pack is embedded from (for the test that keeps them equal).
    public static func sourceDirectory(of name: String) -> String? { embedded.first { $0.name == name }?.directory }
}
