/// A loaded Katalog: the whole declaration of one `ork run` process (its CRDs, their operators,
/// admission, conversion, security and notification settings).
public struct Katalog: Sendable, Hashable {
    public static let apiVersion = "orkestra.orkspace.io/v1"
    public static let kind = "Katalog"

    /// The file the Katalog was read from (relative paths inside it resolve against its directory).
    public var file: String
    /// The Katalog's own text, as read (embedded verbatim by `ork generate bundle`).
    public var sourceText: String
    public var metadata: KatalogMetadata
    public var security: SecuritySettings
    public var notification: NotificationSettings
    /// CRD entries in the order they were written.
    public var crds: [CRDEntry]

    public init(file: String, sourceText: String, metadata: KatalogMetadata, security: SecuritySettings,
                notification: NotificationSettings, crds: [CRDEntry]) {
        self.file = file
        self.sourceText = sourceText
        self.metadata = metadata
        self.security = security
        self.notification = notification
        self.crds = crds
    }

    /// The CRD entry with Katalog key `key`.
    public func crd(_ key: String) -> CRDEntry? { crds.first { $0.key == key } }
}

/// `metadata:` of a Katalog.
public struct KatalogMetadata: Sendable, Hashable {
    public var name: String
    public var version: String?
    public var description: String?
    public var clusterName: String?
    public var author: String?
    public var labels: [String: String]

    public init(name: String, version: String? = nil, description: String? = nil, clusterName: String? = nil,
                author: String? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.version = version
        self.description = description
        self.clusterName = clusterName
        self.author = author
        self.labels = labels
    }
}
