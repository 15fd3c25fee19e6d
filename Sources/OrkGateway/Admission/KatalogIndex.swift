import OrkKatalog

/// The Katalog's CRDs by API group and plural resource name, as admission and conversion requests
/// name them, and the set of CRD names (`<plural>.<group>`) deletion protection guards.
public struct KatalogIndex: Sendable {
    public let katalog: Katalog
    private let byResource: [String: CRDEntry]

    public init(katalog: Katalog) {
        self.katalog = katalog
        var byResource: [String: CRDEntry] = [:]
        for entry in katalog.crds { byResource[Self.key(entry.api.group, entry.api.plural)] = entry }
        self.byResource = byResource
    }

    static func key(_ group: String, _ resource: String) -> String { "\(group)/\(resource)" }

    /// The entry for `resource` of `group` (any version), nil when the Katalog does not declare it.
    public func entry(group: String, resource: String) -> CRDEntry? {
        byResource[Self.key(group, resource)]
    }

    /// The entry whose `<plural>.<group>` is `crdName`.
    public func entry(crdName: String) -> CRDEntry? {
        katalog.crds.first { $0.api.crdName == crdName }
    }

    /// The entry of a CR's `apiVersion` group and `kind`.
    public func entry(apiVersion: String, kind: String) -> CRDEntry? {
        let group = apiVersion.split(separator: "/").dropLast().joined(separator: "/")
        return katalog.crds.first { $0.api.group == group && $0.api.kind == kind }
    }

    /// `group/version/resource` of an entry's storage version: the fleet view's merge key.
    public static func gvr(_ entry: CRDEntry) -> String {
        "\(entry.api.group)/\(entry.api.storageVersion)/\(entry.api.plural)"
    }
}
