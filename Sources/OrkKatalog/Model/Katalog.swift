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

    /// The namespaces a CRD's CRs may live in: its own lists merged with those of
    /// `spec.security.namespaceProtection` (when that is enabled).
    public func namespaceRules(for entry: CRDEntry) -> NamespaceRules {
        guard let protection = security.namespaceProtection, protection.enabled else { return entry.namespaceRules }
        return protection.rules.merged(with: entry.namespaceRules)
    }

    /// Why a CR of `entry` may not live in `namespace`, naming the Katalog fields that say so; nil
    /// when it may.
    public func namespaceRefusal(for entry: CRDEntry, namespace: String?) -> String? {
        let rules = namespaceRules(for: entry)
        guard let reason = rules.refusal(namespace: namespace) else { return nil }
        let own = "spec.crds.\(entry.key)"
        let global = "spec.security.namespaceProtection"
        let fields: [String]
        if let namespace, rules.restricted.contains(namespace) {
            fields = entry.namespaceRules.restricted.contains(namespace) ? ["\(own).restrictedNamespaces"] : ["\(global).restrictedNamespaces"]
        } else {
            fields = (entry.namespaceRules.allowed.isEmpty ? [] : ["\(own).allowedNamespaces"])
                + (rules.allowed.count > entry.namespaceRules.allowed.count ? ["\(global).allowedNamespaces"] : [])
        }
        return "\(reason) (\(fields.joined(separator: ", ")) of Katalog \(metadata.name))"
    }

    /// The namespaced CRDs whose creates the gateway's namespace webhook reviews (namespace protection
    /// enabled, rules not empty).
    public var namespaceGuardedCRDs: [CRDEntry] {
        guard security.namespaceProtection?.enabled == true else { return [] }
        return crds.filter { $0.api.namespaced && !namespaceRules(for: $0).isEmpty }
    }
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
