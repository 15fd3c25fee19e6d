import OrkValue

/// Turns a rendered child into the complete Kubernetes object the runtime server-side-applies.
///
/// Pure and deterministic: the same child and owner always give the same object and the same
/// `orkestra.orkspace.io/child-hash` (SHA-256 of the key-sorted compact JSON of the object
/// without that annotation), so an unchanged CR costs no write.
///
/// Defaults that depend on the CR's other children (pass them as `siblings`, normally every
/// child rendered for the CR in this cycle):
/// * pods of a workload child carry `orkestra-owner=<cr>` and `orkestra.orkspace.io/child=<child>`,
///   and the workload selects exactly those two labels (two workloads of one CR never share pods);
/// * a Service, PodDisruptionBudget or NetworkPolicy without a selector selects the pods of the
///   CR's only workload (deployment or statefulSet) when it has exactly one, otherwise every pod
///   of the CR (`orkestra-owner=<cr>`);
/// * a HorizontalPodAutoscaler without `scaleTargetRef` targets the CR's only workload, and is an
///   error when there is not exactly one;
/// * an Ingress without `serviceName` routes to the CR's only Service when it has exactly one
///   (and to that Service's port when `servicePort` is not set), otherwise to a Service named
///   like the ingress child, port 80.
public struct ChildManifestBuilder: Sendable {
    /// Versions discovered on the cluster, by Kind (built-in kinds) — see `overrideVersion`.
    public private(set) var versionOverrides: [ChildKind: String] = [:]
    /// Types discovered for `custom` children, by `group/Kind`: their scope and plural.
    public private(set) var customTypes: [String: ResourceType] = [:]
    /// Label every child but Jobs `orkestra.io/deletion-protection: "true"` (the Katalog's deletion
    /// protection is on). Jobs run to completion and are cleaned up by their TTL and owners.
    public var deletionProtection = false

    public init() {}

    /// Whether a child of `kind` carries the deletion-protection label.
    public func protects(_ kind: ChildKind) -> Bool { deletionProtection && kind != .jobs }

    /// Uses `version` for `kind` (e.g. `v1beta1` for CronJob on Kubernetes 1.20: batch/v1beta1
    /// CronJob, policy/v1beta1 PodDisruptionBudget and autoscaling/v2beta2 HorizontalPodAutoscaler
    /// accept the same fields this builder emits; `timeZone` is only emitted when set).
    public mutating func overrideVersion(_ version: String, for kind: ChildKind) {
        versionOverrides[kind] = version
    }

    /// Registers a discovered type so `custom` children of that group and kind get its scope.
    public mutating func register(customType type: ResourceType) {
        customTypes["\(type.group)/\(type.kind)"] = type
    }

    /// The type a built-in child kind is applied as (nil for `custom`).
    public func resourceType(for kind: ChildKind) -> ResourceType? {
        guard var type = kind.resourceType else { return nil }
        if let version = versionOverrides[kind] { type.version = version }
        return type
    }

    /// Builds every child of one CR, each seeing the others as siblings.
    public func manifests(for children: [RenderedChild], owner: ChildOwner) throws(ChildRenderError) -> [ChildManifest] {
        var out: [ChildManifest] = []
        for child in children { out.append(try manifest(for: child, owner: owner, siblings: children)) }
        return out
    }

    /// Builds the object for `child` owned by `owner`. Errors name the field and never trap.
    public func manifest(for child: RenderedChild, owner: ChildOwner,
                         siblings: [RenderedChild] = []) throws(ChildRenderError) -> ChildManifest {
        let type = try resolveType(child)
        guard KubernetesSyntax.isDNSSubdomain(child.name) else {
            throw ChildRenderError(field: "name", message: "\"\(child.name)\" is not a valid object name (lowercase DNS subdomain)")
        }
        if child.kind == .services, !KubernetesSyntax.isDNS1035Label(child.name) {
            throw ChildRenderError(field: "name", message: "\"\(child.name)\" is not a valid Service name (lowercase DNS label starting with a letter)")
        }
        var namespace: String?
        if type.namespaced {
            guard let ns = (child.namespace.flatMap { $0.isEmpty ? nil : $0 }) ?? owner.namespace else {
                throw ChildRenderError(field: "namespace", message: "a namespaced child of a cluster-scoped CR needs a namespace")
            }
            guard KubernetesSyntax.isDNSLabel(ns) else {
                throw ChildRenderError(field: "namespace", message: "\"\(ns)\" is not a valid namespace name")
            }
            namespace = ns
        }
        // Kubernetes forbids namespaced owners for cluster-scoped or other-namespace dependents.
        let ownerReferenced = owner.namespace == nil || owner.namespace == namespace

        let context = ManifestContext(child: child, fields: ManifestFields(child.fields), owner: owner,
                                      namespace: namespace, siblings: siblings)
        var body: [String: JSONValue]
        switch child.kind {
        case .deployments, .statefulSets, .jobs, .cronJobs: body = try WorkloadManifests.body(context)
        case .services: body = try ServiceManifests.service(context)
        case .ingresses: body = try ServiceManifests.ingress(context)
        case .networkPolicies: body = try ServiceManifests.networkPolicy(context)
        case .configMaps: body = try ConfigManifests.configMap(context)
        case .secrets: body = try ConfigManifests.secret(context)
        case .serviceAccounts, .roles, .clusterRoles, .roleBindings, .clusterRoleBindings:
            body = try RBACManifests.body(context)
        case .persistentVolumeClaims, .podDisruptionBudgets, .horizontalPodAutoscalers:
            body = try CapacityManifests.body(context)
        case .custom: body = try CustomManifest.body(context)
        }

        var metadata: [String: JSONValue] = ["name": .string(child.name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        metadata["labels"] = .object(try labels(child, owner: owner).mapValues(JSONValue.string))
        var annotations = child.annotations
        annotations.removeValue(forKey: OrkNames.childHashAnnotation)
        annotations.removeValue(forKey: OrkNames.shardWriterAnnotation)
        for key in annotations.keys where !KubernetesSyntax.isQualifiedName(key) {
            throw ChildRenderError(field: "annotations.\(key)", message: "\"\(key)\" is not a valid annotation key")
        }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues(JSONValue.string)) }
        if ownerReferenced { metadata["ownerReferences"] = [owner.ownerReference] }

        body["apiVersion"] = .string(type.apiVersion)
        body["kind"] = .string(type.kind)
        body["metadata"] = .object(metadata)
        let unhashed = JSONValue.object(body)
        let hash = Self.hash(of: unhashed)
        annotations[OrkNames.childHashAnnotation] = hash
        // Not hashed: a child as its last writer left it costs its next owner no write after a move.
        if let shard = owner.shard { annotations[OrkNames.shardWriterAnnotation] = shard.writer }
        metadata["annotations"] = .object(annotations.mapValues(JSONValue.string))
        body["metadata"] = .object(metadata)
        return ChildManifest(object: .object(body), resourceType: type, name: child.name, namespace: namespace,
                             hash: hash, ownerReferenced: ownerReferenced)
    }

    /// The child hash of an object: SHA-256 hex of its canonical (key-sorted, compact) JSON with
    /// the hash annotation and the shard writer annotation removed, so a built object re-hashes to
    /// its own annotation.
    public static func hash(of object: JSONValue) -> String {
        var stripped = object.removing(at: ["metadata", "annotations", OrkNames.childHashAnnotation])
            .removing(at: ["metadata", "annotations", OrkNames.shardWriterAnnotation])
        if stripped.value(atDotted: "metadata.annotations")?.objectValue?.isEmpty == true {
            stripped = stripped.removing(at: ["metadata", "annotations"])
        }
        return ContentHash.sha256(stripped.serialized())
    }

    /// Entry labels plus the three ownership labels (which win over entry labels of the same key),
    /// the deletion-protection label when `protects` the kind, and the shard bucket label when sharded.
    func labels(_ child: RenderedChild, owner: ChildOwner) throws(ChildRenderError) -> [String: String] {
        var labels = child.labels
        labels[OrkNames.managedLabel] = "true"
        labels[OrkNames.ownerUIDLabel] = KubernetesSyntax.labelValue(owner.uid)
        labels[OrkNames.ownerNameLabel] = owner.ownerLabelValue
        if protects(child.kind) { labels[OrkNames.deletionProtectionLabel] = "true" }
        if let shard = owner.shard { labels[OrkNames.shardBucketLabel] = String(shard.bucket) }
        try ManifestFields.checkLabels(labels, field: "labels")
        return labels
    }

    private func resolveType(_ child: RenderedChild) throws(ChildRenderError) -> ResourceType {
        if let type = resourceType(for: child.kind) { return type }
        let fields = ManifestFields(child.fields)
        let apiVersion = try fields.requiredString("apiVersion")
        let kind = try fields.requiredString("kind")
        let (group, version) = KubernetesKinds.split(apiVersion: apiVersion)
        guard !version.isEmpty, !apiVersion.hasSuffix("/") else {
            throw ChildRenderError(field: "apiVersion", message: "\"\(apiVersion)\" is not an apiVersion such as group/v1")
        }
        let known = customTypes["\(group)/\(kind)"] ?? KubernetesKinds.lookup(group: group, kind: kind)
        let plural = try fields.string("plural") ?? known?.resource ?? ""
        return ResourceType(group: group, version: version, kind: kind, resource: plural,
                            namespaced: known?.namespaced ?? true)
    }
}

/// What a kind family's builder needs: the child, its fields, the owner and the other children.
struct ManifestContext {
    let child: RenderedChild
    let fields: ManifestFields
    let owner: ChildOwner
    /// The child's namespace (nil when cluster-scoped).
    let namespace: String?
    let siblings: [RenderedChild]

    /// Labels on the pods of a workload child, which its selector matches.
    static func podSelector(owner: ChildOwner, childName: String) -> [String: String] {
        [OrkNames.ownerNameLabel: owner.ownerLabelValue, OrkNames.childLabel: KubernetesSyntax.labelValue(childName)]
    }

    /// The CR's workload children (deployments and statefulSets), without duplicates by name.
    var workloads: [RenderedChild] {
        var seen = Set<String>()
        return siblings.filter { ($0.kind == .deployments || $0.kind == .statefulSets) && seen.insert("\($0.kind)/\($0.name)").inserted }
    }

    /// The default selector for Services, PDBs and NetworkPolicies: the only workload's pods, or
    /// every pod of the CR.
    var defaultPodSelector: [String: String] {
        let workloads = workloads
        if workloads.count == 1, let only = workloads.first { return Self.podSelector(owner: owner, childName: only.name) }
        return [OrkNames.ownerNameLabel: owner.ownerLabelValue]
    }

    static func matchLabels(_ labels: [String: String]) -> JSONValue {
        ["matchLabels": .object(labels.mapValues(JSONValue.string))]
    }
}
