import Testing
@testable import OrkKatalog
import OrkValue

@Suite struct ChildManifestBuilderTests {
    let builder = ChildManifestBuilder()
    var owner: ChildOwner { get throws { try ManifestFixtures.owner } }

    func child(_ kind: ChildKind, name: String = "c", namespace: String? = nil,
               labels: [String: String] = [:], _ fields: [String: JSONValue]) -> RenderedChild {
        RenderedChild(kind: kind, name: name, namespace: namespace, labels: labels, annotations: [:], fields: fields)
    }

    func error(_ body: () throws -> Void) -> ChildRenderError? {
        do { try body() } catch let error as ChildRenderError { return error } catch { return nil }
        return nil
    }

    // MARK: sharding

    @Test func aShardedOwnersChildrenCarryTheBucketAndTheWriterEpoch() throws {
        var sharded = try owner
        sharded.shard = ChildOwner.Shard(bucket: 517, member: "runtime-a-1a2b3c4d", epoch: 3)
        let base = child(.configMaps, ["data": ["k": "v"]])
        let plain = try builder.manifest(for: base, owner: owner)
        let built = try builder.manifest(for: base, owner: sharded)
        #expect(built.object.value(atDotted: "metadata.labels")?[OrkNames.shardBucketLabel]?.stringValue == "517")
        #expect(built.object.value(atDotted: "metadata.annotations")?[OrkNames.shardWriterAnnotation]?.stringValue
                == "runtime-a-1a2b3c4d@3")
        #expect(ChildManifestBuilder.hash(of: built.object) == built.hash)
        // Unsharded children are what they always were.
        #expect(plain.object.value(atDotted: "metadata.labels")?[OrkNames.shardBucketLabel] == nil)
        #expect(plain.object.value(atDotted: "metadata.annotations")?[OrkNames.shardWriterAnnotation] == nil)
        #expect(built.hash != plain.hash)
        // A move (another member, a new epoch) changes no hash: the next owner writes only what changed.
        var moved = sharded
        moved.shard = ChildOwner.Shard(bucket: 517, member: "runtime-b-5e6f7a8b", epoch: 4)
        let rebuilt = try builder.manifest(for: base, owner: moved)
        #expect(rebuilt.hash == built.hash)
        #expect(rebuilt.object.value(atDotted: "metadata.annotations")?[OrkNames.shardWriterAnnotation]?.stringValue
                == "runtime-b-5e6f7a8b@4")
    }

    // MARK: hash

    @Test func hashIsDeterministicAndMatchesTheObject() throws {
        let first = try ManifestFixtures.manifests()
        let second = try ManifestFixtures.manifests()
        for ((_, a), (_, b)) in zip(first, second) {
            #expect(a.object == b.object)
            #expect(a.hash.count == 64)
            #expect(a.object.value(atDotted: "metadata.annotations")?[OrkNames.childHashAnnotation]?.stringValue == a.hash)
            #expect(ChildManifestBuilder.hash(of: a.object) == a.hash)  // re-hashing a built object
        }
        #expect(Set(first.map(\.1.hash)).count == first.count)
    }

    @Test func hashChangesWithAnyField() throws {
        let base = child(.deployments, ["image": "nginx:1.27", "replicas": 2])
        let a = try builder.manifest(for: base, owner: owner)
        var changed = base
        changed.fields["replicas"] = 3
        #expect(try builder.manifest(for: changed, owner: owner).hash != a.hash)
        var relabeled = base
        relabeled.labels["team"] = "web"
        #expect(try builder.manifest(for: relabeled, owner: owner).hash != a.hash)
        var annotated = base
        annotated.annotations["note"] = "x"
        #expect(try builder.manifest(for: annotated, owner: owner).hash != a.hash)
        // A user-supplied hash annotation is ignored, not hashed.
        var spoofed = base
        spoofed.annotations[OrkNames.childHashAnnotation] = "bogus"
        #expect(try builder.manifest(for: spoofed, owner: owner).hash == a.hash)
    }

    // MARK: ownership

    @Test func ownerReferenceAndLabels() throws {
        let m = try builder.manifest(for: child(.configMaps, labels: ["team": "web"], ["data": ["k": "v"]]), owner: owner)
        #expect(m.ownerReferenced)
        let ref = try #require(m.object.value(atDotted: "metadata.ownerReferences")?[0])
        #expect(ref == ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "name": "hello",
                        "uid": "6f1c2b9e-2f4a-4c1e-9d3b-5a7e8c0d1f23", "controller": true, "blockOwnerDeletion": true])
        #expect(m.object.value(atDotted: "metadata.labels") == [
            "team": "web", "orkestra.orkspace.io/managed": "true", "orkestra-owner": "hello",
            "orkestra.orkspace.io/owner-uid": "6f1c2b9e-2f4a-4c1e-9d3b-5a7e8c0d1f23",
        ])
        #expect(m.namespace == "web")
    }

    @Test func noOwnerReferenceAcrossNamespacesOrForClusterScopedChildren() throws {
        let other = try builder.manifest(for: child(.configMaps, namespace: "other", [:]), owner: owner)
        #expect(!other.ownerReferenced && other.needsExplicitDeletion)
        #expect(other.object.value(atDotted: "metadata.ownerReferences") == nil)
        #expect(other.namespace == "other")
        let cluster = try builder.manifest(for: child(.clusterRoles, ["rules": [["resources": ["pods"], "verbs": ["get"]]]]), owner: owner)
        #expect(!cluster.ownerReferenced)
        #expect(cluster.namespace == nil && cluster.object.value(atDotted: "metadata.namespace") == nil)
        // A cluster-scoped owner may own anything, but namespaced children then need a namespace.
        let clusterOwner = ChildOwner(apiVersion: "demo.io/v1", kind: "Tenant", name: "t", namespace: nil, uid: "u-1")
        #expect(try builder.manifest(for: child(.clusterRoles, ["rules": [["resources": ["pods"], "verbs": ["get"]]]]),
                                     owner: clusterOwner).ownerReferenced)
        #expect(try builder.manifest(for: child(.configMaps, namespace: "ns", [:]), owner: clusterOwner).ownerReferenced)
        #expect(error { _ = try builder.manifest(for: child(.configMaps, [:]), owner: clusterOwner) }?.field == "namespace")
    }

    @Test func longOwnerNamesGiveValidDeterministicLabels() throws {
        let long = String(repeating: "a", count: 60) + ".example.com"
        let owner = ChildOwner(apiVersion: "demo.io/v1", kind: "Site", name: long, namespace: "web", uid: "u")
        let m = try builder.manifest(for: child(.deployments, name: long, ["image": "nginx"]), owner: owner)
        let label = try #require(m.object.value(atDotted: "metadata.labels")?[OrkNames.ownerNameLabel]?.stringValue)
        #expect(label.count <= 63 && KubernetesSyntax.isLabelValue(label))
        #expect(label == KubernetesSyntax.labelValue(long))
        #expect(label != KubernetesSyntax.labelValue(String(repeating: "a", count: 60) + ".other.com"))
        let container = try #require(m.object.value(atDotted: "spec.template.spec.containers.0.name")?.stringValue)
        #expect(KubernetesSyntax.isDNSLabel(container))
    }

    // MARK: selectors and defaults

    @Test func twoDeploymentsOfOneCRNeverSelectEachOthersPods() throws {
        let a = try builder.manifest(for: child(.deployments, name: "api", ["image": "api:1"]), owner: owner)
        let b = try builder.manifest(for: child(.deployments, name: "worker", ["image": "worker:1"]), owner: owner)
        let selectorA = try #require(a.object.value(atDotted: "spec.selector.matchLabels")?.objectValue)
        let podLabelsB = try #require(b.object.value(atDotted: "spec.template.metadata.labels")?.objectValue)
        #expect(!selectorA.allSatisfy { podLabelsB[$0.key] == $0.value })
        let podLabelsA = try #require(a.object.value(atDotted: "spec.template.metadata.labels")?.objectValue)
        #expect(selectorA.allSatisfy { podLabelsA[$0.key] == $0.value })
    }

    @Test func serviceSelectsTheOnlyWorkloadOrElseTheCRsPods() throws {
        let deployment = child(.deployments, name: "web", ["image": "nginx"])
        let job = child(.jobs, name: "migrate", ["image": "nginx"])
        let service = child(.services, name: "web", ["port": 80, "headless": true])
        let one = try builder.manifest(for: service, owner: owner, siblings: [deployment, job, service])
        #expect(one.object.value(atDotted: "spec.selector") == ["orkestra-owner": "hello", "orkestra.orkspace.io/child": "web"])
        #expect(one.object.value(atDotted: "spec.clusterIP") == "None")
        let two = try builder.manifest(for: service, owner: owner, siblings: [deployment, child(.statefulSets, name: "db", ["image": "pg"])])
        #expect(two.object.value(atDotted: "spec.selector") == ["orkestra-owner": "hello"])
        let explicit = try builder.manifest(for: child(.services, name: "s", ["port": 80, "selector": ["app": "x"]]), owner: owner)
        #expect(explicit.object.value(atDotted: "spec.selector") == ["app": "x"])
    }

    @Test func autoscalerTargetsTheOnlyWorkloadOrNeedsAScaleTargetRef() throws {
        let hpa = child(.horizontalPodAutoscalers, ["maxReplicas": 5])
        let m = try builder.manifest(for: hpa, owner: owner, siblings: [child(.statefulSets, name: "db", ["image": "pg"])])
        #expect(m.object.value(atDotted: "spec.scaleTargetRef") == ["apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db"])
        #expect(error { _ = try builder.manifest(for: hpa, owner: owner) }?.field == "scaleTargetRef")
    }

    @Test func jobsDefaultRestartPolicyAndBackoff() throws {
        let m = try builder.manifest(for: child(.jobs, ["image": "busybox"]), owner: owner)
        #expect(m.object.value(atDotted: "spec.template.spec.restartPolicy") == "Never")
        #expect(m.object.value(atDotted: "spec.backoffLimit") == 3)
        #expect(m.object.value(atDotted: "spec.selector") == nil)
        #expect(error { _ = try builder.manifest(for: child(.jobs, ["image": "b", "restartPolicy": "Always"]), owner: owner) }?.field
            == "restartPolicy")
        #expect(error { _ = try builder.manifest(for: child(.deployments, ["image": "b", "restartPolicy": "Never"]), owner: owner) }?.field
            == "restartPolicy")
    }

    @Test(arguments: [("allow", "Allow"), ("FORBID", "Forbid"), ("Replace", "Replace")])
    func cronJobConcurrencyPolicyAnyCase(_ input: String, _ expected: String) throws {
        let m = try builder.manifest(for: child(.cronJobs, ["image": "b", "schedule": "@daily", "concurrencyPolicy": .string(input)]),
                                     owner: owner)
        #expect(m.object.value(atDotted: "spec.concurrencyPolicy")?.stringValue == expected)
    }

    @Test func secretsEncodeStringDataAndRequireBase64Data() throws {
        let m = try builder.manifest(for: child(.secrets, ["stringData": ["a": "plain"], "data": ["a": "b2xk", "b": "Yg=="]]), owner: owner)
        #expect(m.object["data"] == ["a": "cGxhaW4=", "b": "Yg=="])  // stringData wins, as in Kubernetes
        #expect(m.object["stringData"] == nil)
        #expect(m.object["type"] == "Opaque")
        let bad = error { _ = try builder.manifest(for: child(.secrets, ["data": ["password": "not base64!"]]), owner: owner) }
        #expect(bad?.field == "data.password")
    }

    // MARK: versions

    @Test func versionOverridesForOlderClusters() throws {
        var old = ChildManifestBuilder()
        old.overrideVersion("v1beta1", for: .cronJobs)
        old.overrideVersion("v1beta1", for: .podDisruptionBudgets)
        old.overrideVersion("v2beta2", for: .horizontalPodAutoscalers)
        let current = try ManifestFixtures.manifests()
        let previous = try ManifestFixtures.manifests(builder: old)
        for ((kind, now), (_, then)) in zip(current, previous) {
            let version = then.object["apiVersion"]?.stringValue
            switch kind {
            case .cronJobs: #expect(version == "batch/v1beta1")
            case .podDisruptionBudgets: #expect(version == "policy/v1beta1")
            case .horizontalPodAutoscalers: #expect(version == "autoscaling/v2beta2")
            default: #expect(version == now.object["apiVersion"]?.stringValue)
            }
            // Same body: the fields emitted are valid in both versions.
            #expect(then.object["spec"] == now.object["spec"])
            #expect(then.resourceType.version == KubernetesKinds.split(apiVersion: version ?? "").version)
        }
    }

    @Test func deletionProtectionLabelsEveryKindButJobs() throws {
        var protecting = ChildManifestBuilder()
        protecting.deletionProtection = true
        let label = OrkNames.deletionProtectionLabel
        for ((kind, plain), (_, protected)) in zip(try ManifestFixtures.manifests(), try ManifestFixtures.manifests(builder: protecting)) {
            #expect(plain.object.value(atDotted: "metadata.labels")?[label] == nil, "\(kind)")
            let value = protected.object.value(atDotted: "metadata.labels")?[label]
            #expect(value == (kind == .jobs ? nil : "true"), "\(kind)")
        }
    }

    @Test func customKindsUseDiscoveredScope() throws {
        let entry = child(.custom, name: "t", ["apiVersion": "demo.io/v1", "kind": "Tenant", "spec": ["size": 1]])
        #expect(try builder.manifest(for: entry, owner: owner).namespace == "web")
        var discovered = ChildManifestBuilder()
        discovered.register(customType: ResourceType(group: "demo.io", version: "v1", kind: "Tenant", resource: "tenants", namespaced: false))
        let m = try discovered.manifest(for: entry, owner: owner)
        #expect(m.namespace == nil && !m.ownerReferenced && m.resourceType.resource == "tenants")
        let builtIn = try builder.manifest(for: child(.custom, name: "ns1", ["apiVersion": "v1", "kind": "Namespace"]), owner: owner)
        #expect(builtIn.namespace == nil && !builtIn.ownerReferenced)
    }

    // MARK: errors

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let kind: ChildKind
        let fields: [String: JSONValue]
        let field: String
        init(_ kind: ChildKind, _ fields: [String: JSONValue], _ field: String) {
            self.kind = kind
            self.fields = fields
            self.field = field
        }
        var testDescription: String { "\(kind.rawValue) → \(field)" }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(.deployments, ["image": ""], "image"),
        InvalidCase(.deployments, ["image": "nginx", "port": 70000], "port"),
        InvalidCase(.deployments, ["image": "nginx", "port": 0], "port"),
        InvalidCase(.deployments, ["image": "nginx", "replicas": -1], "replicas"),
        InvalidCase(.deployments, ["image": "nginx", "resources": ["limits": ["memory": "lots"]]], "resources.limits.memory"),
        InvalidCase(.deployments, ["image": "nginx", "protocol": "HTTP"], "protocol"),
        InvalidCase(.deployments, ["image": "nginx", "imagePullPolicy": "sometimes"], "imagePullPolicy"),
        InvalidCase(.deployments, ["image": "nginx", "ports": [["containerPort": 99999]]], "ports[0].containerPort"),
        InvalidCase(.deployments, ["image": "nginx", "env": [["value": "x"]]], "env[0].name"),
        InvalidCase(.deployments, ["image": "nginx", "podLabels": ["bad": "not valid!"]], "podLabels.bad"),
        InvalidCase(.statefulSets, ["image": "pg", "podManagementPolicy": "random"], "podManagementPolicy"),
        InvalidCase(.cronJobs, ["image": "b", "schedule": "every day"], "schedule"),
        InvalidCase(.cronJobs, ["image": "b", "schedule": "@daily", "concurrencyPolicy": "sometimes"], "concurrencyPolicy"),
        InvalidCase(.services, ["port": 65536], "port"),
        InvalidCase(.services, [:], "port"),
        InvalidCase(.services, ["port": 80, "targetPort": "Not_A_Name"], "targetPort"),
        InvalidCase(.services, ["port": 80, "nodePort": 30080], "nodePort"),
        InvalidCase(.services, ["port": 80, "type": "NodePort", "headless": true], "headless"),
        InvalidCase(.persistentVolumeClaims, ["storage": "10 gigs"], "storage"),
        InvalidCase(.persistentVolumeClaims, ["storage": "1Gi", "accessModes": ["ReadWriteSometimes"]], "accessModes[0]"),
        InvalidCase(.podDisruptionBudgets, [:], "minAvailable"),
        InvalidCase(.podDisruptionBudgets, ["minAvailable": 1, "maxUnavailable": 1], "maxUnavailable"),
        InvalidCase(.podDisruptionBudgets, ["minAvailable": "half"], "minAvailable"),
        InvalidCase(.horizontalPodAutoscalers, ["maxReplicas": 2, "minReplicas": 3, "scaleTargetRef": ["name": "x"]], "minReplicas"),
        InvalidCase(.horizontalPodAutoscalers, ["scaleTargetRef": ["name": "x"]], "maxReplicas"),
        InvalidCase(.roles, ["rules": [["resources": ["pods"]]]], "rules[0].verbs"),
        InvalidCase(.roles, ["rules": []], "rules"),
        InvalidCase(.roles, ["rules": [["nonResourceURLs": ["/x"], "verbs": ["get"]]]], "rules[0].nonResourceURLs"),
        InvalidCase(.roleBindings, ["roleRef": ["kind": "Role"], "subjects": [["name": "a"]]], "roleRef.name"),
        InvalidCase(.roleBindings, ["roleRef": ["name": "r"], "subjects": [["kind": "Robot", "name": "a"]]], "subjects[0].kind"),
        InvalidCase(.clusterRoleBindings, ["roleRef": ["kind": "Role", "name": "r"], "subjects": [["name": "a"]]], "roleRef.kind"),
        InvalidCase(.configMaps, ["binaryData": ["x": "%%%"]], "binaryData.x"),
        InvalidCase(.configMaps, ["data": ["bad key": "v"]], "data.bad key"),
        InvalidCase(.ingresses, ["path": "api"], "path"),
        InvalidCase(.ingresses, ["rules": [], "host": "x"], "host"),
        InvalidCase(.networkPolicies, ["policyTypes": ["Sideways"]], "policyTypes[0]"),
    ]

    @Test(arguments: invalidCases)
    func invalidValuesNameTheField(_ invalid: InvalidCase) throws {
        let failure = error { _ = try builder.manifest(for: child(invalid.kind, invalid.fields), owner: owner) }
        #expect(failure?.field == invalid.field, "\(invalid.kind.rawValue): \(failure?.description ?? "no error")")
    }

    @Test func invalidNamesAndLabelsAreErrors() throws {
        #expect(error { _ = try builder.manifest(for: child(.configMaps, name: "Bad_Name", [:]), owner: owner) }?.field == "name")
        #expect(error { _ = try builder.manifest(for: child(.services, name: "1svc", ["port": 80]), owner: owner) }?.field == "name")
        #expect(error { _ = try builder.manifest(for: child(.configMaps, labels: ["k": String(repeating: "v", count: 64)], [:]),
                                                 owner: owner) }?.field == "labels.k")
        #expect(error { _ = try builder.manifest(for: child(.configMaps, namespace: "Not OK", [:]), owner: owner) }?.field == "namespace")
    }

    @Test func quantitySyntax() {
        for good in ["1", "500m", "1.5Gi", "2e3", "0.5", ".5", "+1Ki", "10E", "1e-3"] { #expect(KubernetesSyntax.isQuantity(good), "\(good)") }
        for bad in ["", "Gi", "1GB", "1.5.2", "ten", "1 Gi", "1e", "--1"] { #expect(!KubernetesSyntax.isQuantity(bad), "\(bad)") }
    }

    // MARK: end to end

    @Test func websiteExampleEndToEnd() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/website/katalog.yaml"))
        let crd = try #require(result.katalog?.crd("website"))
        let cr: JSONValue = [
            "apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website",
            "metadata": ["name": "hello", "namespace": "default", "uid": "0d9f5a1e-8a44-4f6b-9c2e-3b7d1e6f0a11"],
            "spec": ["image": "nginx:1.27", "port": 80, "title": "Hello from Orkestra", "replicas": 2],
        ]
        let children = try (crd.operatorBox.onCreate + crd.operatorBox.onReconcile).map { try CompiledChild($0).render(cr) }
        let manifests = try builder.manifests(for: children, owner: ChildOwner(cr: cr))
        #expect(manifests.map { $0.object["kind"] } == ["ConfigMap", "Deployment", "Service"])
        #expect(manifests.allSatisfy { $0.ownerReferenced && $0.namespace == "default" })
        let config = manifests[0].object, deployment = manifests[1].object, service = manifests[2].object
        #expect(config["data"] == ["index.html": "<h1>Hello from Orkestra</h1>"])
        #expect(deployment.value(atDotted: "spec.replicas") == 2)
        #expect(deployment.value(atDotted: "spec.template.spec.containers.0.ports") == [["containerPort": 80, "protocol": "TCP"]])
        #expect(deployment.value(atDotted: "spec.template.spec.volumes.0.configMap.name") == "hello-content")
        #expect(deployment.value(atDotted: "spec.template.metadata.annotations.checksum/content")?.stringValue?.count == 64)
        // The Service selects the CR's only workload's pods, which carry exactly those labels.
        let selector = try #require(service.value(atDotted: "spec.selector")?.objectValue)
        let podLabels = try #require(deployment.value(atDotted: "spec.template.metadata.labels")?.objectValue)
        #expect(selector == ["orkestra-owner": "hello", "orkestra.orkspace.io/child": "hello"])
        #expect(selector.allSatisfy { podLabels[$0.key] == $0.value })
        #expect(service.value(atDotted: "spec.ports") == [["port": 80, "targetPort": 80, "protocol": "TCP"]])
        // Rendering again for the unchanged CR gives the same hashes: zero writes.
        let again = try builder.manifests(for: children, owner: ChildOwner(cr: cr))
        #expect(again.map(\.hash) == manifests.map(\.hash))
    }
}
