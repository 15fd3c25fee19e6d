/// The resources the sandbox serves: the built-ins plus whatever the stored CRDs define.
final class ResourceRegistry {
    static let crdStorage = "customresourcedefinitions.apiextensions.k8s.io"

    private var byVersionedName: [String: SandboxResource] = [:]
    private var ordered: [SandboxResource] = []
    private var crds: [String: CRDDefinition] = [:]

    init() {
        for resource in BuiltinResources.all { add(resource) }
    }

    private static func key(_ group: String, _ version: String, _ plural: String) -> String {
        "\(group)/\(version)/\(plural)"
    }

    private func add(_ resource: SandboxResource) {
        let key = ResourceRegistry.key(resource.group, resource.version, resource.plural)
        if byVersionedName.updateValue(resource, forKey: key) == nil {
            ordered.append(resource)
        } else if let index = ordered.firstIndex(where: { ResourceRegistry.key($0.group, $0.version, $0.plural) == key }) {
            ordered[index] = resource
        }
    }

    var all: [SandboxResource] { ordered }

    func lookup(group: String, version: String, plural: String) -> SandboxResource? {
        byVersionedName[ResourceRegistry.key(group, version, plural)]
    }

    /// The current definition of a resource a caller names, or 404 when it is not (or no longer) served.
    func resolve(_ resource: SandboxResource) throws(SandboxError) -> SandboxResource {
        guard let current = lookup(group: resource.group, version: resource.version, plural: resource.plural) else {
            throw SandboxError.resourceNotFound()
        }
        return current
    }

    /// The CRD behind a storage, when a CRD defines it.
    func crd(storage: String) -> CRDDefinition? { crds[storage] }

    /// The apiVersion objects of a storage are kept at.
    func storageAPIVersion(storage: String, group: String) -> String {
        let version = crds[storage]?.storageVersion ?? BuiltinResources.storageVersions[storage] ?? "v1"
        return group.isEmpty ? version : "\(group)/\(version)"
    }

    /// The storage and scope of a group and kind (for owner references), or nil when unknown.
    func storage(group: String, kind: String) -> (storage: String, namespaced: Bool)? {
        for resource in ordered where resource.group == group && resource.kind == kind {
            return (resource.storageKey, resource.namespaced)
        }
        return nil
    }

    /// Registers or updates a CRD; returns the resources it no longer serves.
    @discardableResult
    func apply(crd definition: CRDDefinition) -> [SandboxResource] {
        let previous = crds[definition.storageKey]?.resources ?? []
        crds[definition.storageKey] = definition
        let current = definition.resources
        let currentKeys = Set(current.map { ResourceRegistry.key($0.group, $0.version, $0.plural) })
        let dropped = previous.filter { !currentKeys.contains(ResourceRegistry.key($0.group, $0.version, $0.plural)) }
        for resource in dropped { remove(resource) }
        for resource in current { add(resource) }
        return dropped
    }

    /// Unregisters a CRD; returns the resources it served.
    @discardableResult
    func removeCRD(storage: String) -> [SandboxResource] {
        guard let definition = crds.removeValue(forKey: storage) else { return [] }
        let resources = definition.resources
        for resource in resources { remove(resource) }
        return resources
    }

    private func remove(_ resource: SandboxResource) {
        let key = ResourceRegistry.key(resource.group, resource.version, resource.plural)
        byVersionedName[key] = nil
        ordered.removeAll { ResourceRegistry.key($0.group, $0.version, $0.plural) == key }
    }

    /// The served groups with their versions in priority order (built-in groups in their own order,
    /// CRD groups by Kubernetes version priority: GA > beta > alpha, higher numbers first).
    func groups() -> [SandboxAPIGroup] {
        var versions: [String: [String]] = [:]
        var order: [String] = []
        for resource in ordered {
            if versions[resource.group] == nil { order.append(resource.group) }
            if !(versions[resource.group]?.contains(resource.version) ?? false) {
                versions[resource.group, default: []].append(resource.version)
            }
        }
        return order.map { group in
            let served = versions[group] ?? []
            let sorted: [String]
            if let builtin = BuiltinResources.groupVersionOrder[group] {
                sorted = builtin.filter(served.contains) + served.filter { !builtin.contains($0) }.sorted(by: VersionPriority.higher)
            } else {
                sorted = served.sorted(by: VersionPriority.higher)
            }
            return SandboxAPIGroup(name: group, versions: sorted)
        }
    }
}

/// Kubernetes version priority (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1` > non-Kubernetes names, alphabetical).
enum VersionPriority {
    static func parse(_ version: String) -> (major: Int, stage: Int, minor: Int)? {
        guard version.hasPrefix("v") else { return nil }
        let rest = version.dropFirst()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let major = Int(digits), major > 0 else { return nil }
        let tail = rest.dropFirst(digits.count)
        if tail.isEmpty { return (major, 2, 0) }
        for (word, stage) in [("beta", 1), ("alpha", 0)] where tail.hasPrefix(word) {
            let number = tail.dropFirst(word.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let minor = Int(number), minor > 0 else { return nil }
            return (major, stage, minor)
        }
        return nil
    }

    static func higher(_ a: String, _ b: String) -> Bool {
        switch (parse(a), parse(b)) {
        case let (x?, y?):
            if x.stage != y.stage { return x.stage > y.stage }
            if x.major != y.major { return x.major > y.major }
            return x.minor > y.minor
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a < b
        }
    }
}
