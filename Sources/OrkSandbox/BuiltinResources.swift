import OrkValue

/// The built-in resources the sandbox serves: every kind of `KubernetesKinds`, at the versions listed
/// here, with their subresources, short names and the per-resource behaviours of the real server.
enum BuiltinResources {
    /// What differs between built-ins, keyed by storage (`plural.group`).
    struct Overlay {
        /// Versions in priority order (the first is preferred and is the storage version).
        var versions: [String]? = nil
        var status = false
        var shortNames: [String] = []
        var categories: [String] = []
        /// PUT of a missing object creates it (endpoints, events, leases, RBAC).
        var allowCreateOnUpdate = false
        /// DELETE answers with the object instead of a `Status` (pods).
        var returnsDeletedObject = false
        var nameRule: NameRule = .subdomain
        /// Versions whose default propagation policy is Orphan (1.20 legacy defaults).
        var orphanByDefaultVersions: Set<String> = []
        /// Field selectors beyond `metadata.name` and `metadata.namespace`.
        var selectableFields: [String] = []
    }

    static let overlays: [String: Overlay] = [
        "namespaces": .init(status: true, shortNames: ["ns"], nameRule: .label, selectableFields: ["status.phase"]),
        "configmaps": .init(shortNames: ["cm"]),
        "secrets": .init(selectableFields: ["type"]),
        "services": .init(status: true, shortNames: ["svc"], categories: ["all"], nameRule: .dns1035Label),
        "endpoints": .init(shortNames: ["ep"], allowCreateOnUpdate: true),
        "serviceaccounts": .init(shortNames: ["sa"]),
        "events": .init(shortNames: ["ev"], allowCreateOnUpdate: true,
                        selectableFields: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                                           "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                                           "involvedObject.fieldPath", "reason", "source", "type"]),
        "pods": .init(status: true, shortNames: ["po"], categories: ["all"], returnsDeletedObject: true,
                      selectableFields: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                                         "status.phase", "status.podIP", "status.nominatedNodeName"]),
        "limitranges": .init(shortNames: ["limits"]),
        "resourcequotas": .init(status: true, shortNames: ["quota"]),
        "persistentvolumes": .init(status: true, shortNames: ["pv"]),
        "persistentvolumeclaims": .init(status: true, shortNames: ["pvc"]),
        "deployments.apps": .init(status: true, shortNames: ["deploy"], categories: ["all"]),
        "statefulsets.apps": .init(status: true, shortNames: ["sts"], categories: ["all"]),
        "replicasets.apps": .init(status: true, shortNames: ["rs"], categories: ["all"], selectableFields: ["status.replicas"]),
        "daemonsets.apps": .init(status: true, shortNames: ["ds"], categories: ["all"]),
        "jobs.batch": .init(status: true, categories: ["all"], orphanByDefaultVersions: ["v1"], selectableFields: ["status.successful"]),
        "cronjobs.batch": .init(versions: ["v1", "v1beta1"], status: true, shortNames: ["cj"], categories: ["all"],
                                orphanByDefaultVersions: ["v1beta1"]),
        "horizontalpodautoscalers.autoscaling": .init(versions: ["v1", "v2", "v2beta2", "v2beta1"], status: true,
                                                      shortNames: ["hpa"], categories: ["all"]),
        "ingresses.networking.k8s.io": .init(versions: ["v1", "v1beta1"], status: true, shortNames: ["ing"]),
        "networkpolicies.networking.k8s.io": .init(shortNames: ["netpol"]),
        "poddisruptionbudgets.policy": .init(versions: ["v1", "v1beta1"], status: true, shortNames: ["pdb"]),
        "roles.rbac.authorization.k8s.io": .init(allowCreateOnUpdate: true, nameRule: .pathSegment),
        "rolebindings.rbac.authorization.k8s.io": .init(allowCreateOnUpdate: true, nameRule: .pathSegment),
        "clusterroles.rbac.authorization.k8s.io": .init(allowCreateOnUpdate: true, nameRule: .pathSegment),
        "clusterrolebindings.rbac.authorization.k8s.io": .init(allowCreateOnUpdate: true, nameRule: .pathSegment),
        "leases.coordination.k8s.io": .init(allowCreateOnUpdate: true),
        "customresourcedefinitions.apiextensions.k8s.io": .init(status: true, shortNames: ["crd", "crds"]),
        "priorityclasses.scheduling.k8s.io": .init(shortNames: ["pc"]),
        "storageclasses.storage.k8s.io": .init(shortNames: ["sc"]),
    ]

    /// Every built-in resource at every served version.
    static let all: [SandboxResource] = {
        var resources: [SandboxResource] = []
        for type in KubernetesKinds.all {
            let key = type.group.isEmpty ? type.resource : "\(type.resource).\(type.group)"
            let overlay = overlays[key] ?? Overlay()
            for version in overlay.versions ?? [type.version] {
                resources.append(SandboxResource(
                    group: type.group, version: version, plural: type.resource, kind: type.kind,
                    namespaced: type.namespaced, hasStatusSubresource: overlay.status,
                    shortNames: overlay.shortNames, categories: overlay.categories))
            }
        }
        return resources
    }()

    /// The overlay (behaviours) of a built-in storage; the defaults for anything else.
    static func overlay(storageKey: String) -> Overlay { overlays[storageKey] ?? Overlay() }

    /// The version objects of a built-in storage are stored at (the first listed).
    static let storageVersions: [String: String] = {
        var table: [String: String] = [:]
        for resource in all where table[resource.storageKey] == nil { table[resource.storageKey] = resource.version }
        return table
    }()

    /// Built-in groups' version priority (the first is the preferred version).
    static let groupVersionOrder: [String: [String]] = {
        var table: [String: [String]] = [:]
        for resource in all where !(table[resource.group]?.contains(resource.version) ?? false) {
            table[resource.group, default: []].append(resource.version)
        }
        return table
    }()
}
