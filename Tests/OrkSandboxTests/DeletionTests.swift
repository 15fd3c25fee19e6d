import Testing
import OrkKatalog
import OrkValue
@testable import OrkSandbox

/// Delete preconditions, finalizers and owner-reference garbage collection.
@Suite struct DeletionTests {
    func exists(_ store: SandboxStore, _ resource: SandboxResource, _ name: String, namespace: String = "default") async -> Bool {
        await failure { try await store.get(resource, namespace: namespace, name: name) } == nil
    }

    @Test func immediateDeleteAnswersAStatus() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.deployments, namespace: "default", object: deployment("d"), fieldManager: nil)
        let status = try await store.delete(Res.deployments, namespace: "default", name: "d", options: .init())
        #expect(status == ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success",
                           "details": ["name": "d", "group": "apps", "kind": "deployments", "uid": .string(created.objectUID)]])
        #expect(await !exists(store, Res.deployments, "d"))
        let again = await failure { try await store.delete(Res.deployments, namespace: "default", name: "d", options: .init()) }
        #expect(again?.code == 404)
    }

    @Test func preconditions() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let uid = await failure { try await store.delete(Res.configMaps, namespace: "default", name: "a", options: .init(preconditionUID: "abc")) }
        #expect(uid?.code == 409)
        #expect(uid?.message == "Operation cannot be fulfilled on ConfigMap \"a\": the UID in the precondition (abc) does not match the UID in record (\(created.objectUID)). The object might have been deleted and then recreated")
        let version = await failure { try await store.delete(Res.configMaps, namespace: "default", name: "a", options: .init(preconditionResourceVersion: "1")) }
        #expect(version?.code == 409)
        #expect(version?.message.contains("the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (\(created.objectResourceVersion))") ?? false)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "a",
                                   options: .init(preconditionUID: created.objectUID, preconditionResourceVersion: created.objectResourceVersion))
        #expect(await !exists(store, Res.configMaps, "a"))
        let bad = await failure { try await store.delete(Res.configMaps, namespace: "default", name: "zz", options: .init(propagationPolicy: "Sideways")) }
        #expect(bad?.code == 404)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("b"), fieldManager: nil)
        let policy = await failure { try await store.delete(Res.configMaps, namespace: "default", name: "b", options: .init(propagationPolicy: "Sideways")) }
        #expect(policy?.code == 422)
        #expect(policy?.message == "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
    }

    @Test func finalizersHoldTheObjectUntilRemoved() async throws {
        let store = try SandboxStore()
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init()))
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("f", extraMetadata: ["finalizers": ["example.com/hold"]]), fieldManager: nil)
        let marked = try await store.delete(Res.configMaps, namespace: "default", name: "f", options: .init())
        #expect(marked["kind"] == "ConfigMap")
        #expect(marked["metadata"]?["deletionTimestamp"]?.stringValue != nil)
        #expect(marked["metadata"]?["deletionGracePeriodSeconds"] == 0)
        #expect(marked["metadata"]?["generation"] == 2)
        // Deleting again changes nothing.
        let again = try await store.delete(Res.configMaps, namespace: "default", name: "f", options: .init())
        #expect(again == marked)
        // No new finalizers while deleting.
        let added = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "f", patch: .merge(["metadata": ["finalizers": ["example.com/hold", "example.com/new"]]]), subresource: nil)
        }
        #expect(added?.code == 422)
        // Emptying the finalizers removes it.
        let last = try await store.patch(Res.configMaps, namespace: "default", name: "f", patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
        #expect(last.finalizers.isEmpty)
        #expect(await !exists(store, Res.configMaps, "f"))
        #expect(await log.waitFor(3).summary == ["ADDED f", "MODIFIED f", "DELETED f"])
        await log.stop()
    }

    @Test func backgroundCollectsDependentsRecursively() async throws {
        let store = try SandboxStore()
        let owner = try await store.create(Res.deployments, namespace: "default", object: deployment("d"), fieldManager: nil)
        var replicaSet: JSONValue = ["metadata": ["name": "d-1", "ownerReferences": [ownerReference(owner, controller: true)]], "spec": [:]]
        let child = try await store.create(Res.replicaSets, namespace: "default", object: replicaSet, fieldManager: nil)
        replicaSet = ["metadata": ["name": "d-1-pod", "ownerReferences": [ownerReference(child, controller: true)]], "spec": ["containers": []]]
        _ = try await store.create(Res.pods, namespace: "default", object: replicaSet, fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("unrelated"), fieldManager: nil)
        _ = try await store.delete(Res.deployments, namespace: "default", name: "d", options: .init(propagationPolicy: "Background"))
        #expect(await !exists(store, Res.replicaSets, "d-1"))
        #expect(await !exists(store, Res.pods, "d-1-pod"))
        #expect(await exists(store, Res.configMaps, "unrelated"))
    }

    @Test func dependentsWithAnotherOwnerOnlyLoseTheReference() async throws {
        let store = try SandboxStore()
        let a = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let b = try await store.create(Res.configMaps, namespace: "default", object: configMap("b"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("child", extraMetadata: ["ownerReferences": [ownerReference(a), ownerReference(b)]]), fieldManager: nil)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "a", options: .init())
        let child = try await store.get(Res.configMaps, namespace: "default", name: "child")
        #expect(child.ownerReferences.map(\.name) == ["b"])
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "b", options: .init())
        #expect(await !exists(store, Res.configMaps, "child"))
    }

    @Test func danglingOwnerReferencesAreCollected() async throws {
        let store = try SandboxStore()
        let ghost: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "name": "ghost", "uid": "00000000-0000-4000-8000-000000000000"]
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("orphaned", extraMetadata: ["ownerReferences": [ghost]]), fieldManager: nil)
        #expect(await !exists(store, Res.configMaps, "orphaned"))
        let unknownKind: JSONValue = ["apiVersion": "nope.io/v1", "kind": "Thing", "name": "t", "uid": "1"]
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("kept", extraMetadata: ["ownerReferences": [unknownKind]]), fieldManager: nil)
        #expect(await exists(store, Res.configMaps, "kept"))
    }

    @Test func foregroundDeletesDependentsFirst() async throws {
        let store = try SandboxStore()
        let log = EventLog(try await store.watch(Res.configMaps, namespace: "default", options: .init()))
        let owner = try await store.create(Res.configMaps, namespace: "default", object: configMap("owner"), fieldManager: nil)
        let child = try await store.create(Res.configMaps, namespace: "default",
                                           object: configMap("child", extraMetadata: ["ownerReferences": [ownerReference(owner, block: true)],
                                                                                      "finalizers": ["example.com/hold"]]), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("grandchild", extraMetadata: ["ownerReferences": [ownerReference(child, block: true)]]), fieldManager: nil)
        let marked = try await store.delete(Res.configMaps, namespace: "default", name: "owner", options: .init(propagationPolicy: "Foreground"))
        #expect(marked.finalizers == ["foregroundDeletion"])
        #expect(marked["metadata"]?["deletionTimestamp"] != nil)
        // The grandchild went first; the child waits for its own finalizer; the owner waits for the child.
        #expect(await !exists(store, Res.configMaps, "grandchild"))
        let waitingChild = try await store.get(Res.configMaps, namespace: "default", name: "child")
        #expect(waitingChild.isBeingDeleted)
        #expect(await exists(store, Res.configMaps, "owner"))
        // Its own dependents are gone, so its foreground finalizer is gone too; only the test's finalizer holds it.
        #expect(waitingChild.finalizers == ["example.com/hold"])
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "child", patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
        #expect(await !exists(store, Res.configMaps, "child"))
        #expect(await !exists(store, Res.configMaps, "owner"))
        let summary = await log.settled(until: { $0.summary.last == "DELETED owner" }).summary
        #expect(summary.last == "DELETED owner")
        let grandchildGone = summary.firstIndex(of: "DELETED grandchild") ?? .max
        let childGone = summary.firstIndex(of: "DELETED child") ?? .max
        #expect(grandchildGone < childGone)
        await log.stop()
    }

    @Test func foregroundWithoutBlockingDependentsFinishesAtOnce() async throws {
        let store = try SandboxStore()
        let owner = try await store.create(Res.configMaps, namespace: "default", object: configMap("owner"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("child", extraMetadata: ["ownerReferences": [ownerReference(owner)]]), fieldManager: nil)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "owner", options: .init(propagationPolicy: "Foreground"))
        #expect(await !exists(store, Res.configMaps, "owner"))
        #expect(await !exists(store, Res.configMaps, "child"))
    }

    @Test func orphanKeepsDependents() async throws {
        let store = try SandboxStore()
        let owner = try await store.create(Res.configMaps, namespace: "default", object: configMap("owner"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("child", extraMetadata: ["ownerReferences": [ownerReference(owner)]]), fieldManager: nil)
        let marked = try await store.delete(Res.configMaps, namespace: "default", name: "owner", options: .init(propagationPolicy: "Orphan"))
        #expect(marked.finalizers == ["orphan"])
        #expect(await !exists(store, Res.configMaps, "owner"))
        let child = try await store.get(Res.configMaps, namespace: "default", name: "child")
        #expect(child["metadata"]?["ownerReferences"] == nil)
        // The deprecated flag means the same.
        let second = try await store.create(Res.configMaps, namespace: "default", object: configMap("owner2"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default",
                                   object: configMap("child2", extraMetadata: ["ownerReferences": [ownerReference(second)]]), fieldManager: nil)
        _ = try await store.delete(Res.configMaps, namespace: "default", name: "owner2", options: .init(orphanDependents: true))
        #expect(await exists(store, Res.configMaps, "child2"))
    }

    @Test func jobsOrphanByDefaultLikeKubernetes120() async throws {
        let store = try SandboxStore()
        let job = try await store.create(Res.jobs, namespace: "default", object: ["metadata": ["name": "j"], "spec": ["template": [:]]], fieldManager: nil)
        _ = try await store.create(Res.pods, namespace: "default",
                                   object: ["metadata": ["name": "j-pod", "ownerReferences": [ownerReference(job)]], "spec": [:]], fieldManager: nil)
        _ = try await store.delete(Res.jobs, namespace: "default", name: "j", options: .init())
        #expect(await !exists(store, Res.jobs, "j"))
        #expect(await exists(store, Res.pods, "j-pod"))
    }

    @Test func deleteCollection() async throws {
        let store = try SandboxStore()
        for name in ["a", "b", "c"] {
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap(name, labels: ["del": name == "b" ? "no" : "yes"]), fieldManager: nil)
        }
        let deleted = try await store.deleteCollection(Res.configMaps, namespace: "default", listOptions: .init(labelSelector: "del=yes"), options: .init())
        #expect(deleted.items.map(\.objectName) == ["a", "c"])
        #expect(try await store.list(Res.configMaps, namespace: "default", options: .init()).items.map(\.objectName) == ["b"])
    }
}

/// Namespace deletion and CRD lifecycle.
@Suite struct LifecycleTests {
    @Test func namespaceDeletionRemovesEverythingThenItself() async throws {
        let store = try SandboxStore()
        let namespaceLog = EventLog(try await store.watch(Res.namespaces, namespace: nil, options: .init(resourceVersion: String(await store.resourceVersion))))
        _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": "team"]], fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "team", object: configMap("a"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "team", object: configMap("held", extraMetadata: ["finalizers": ["example.com/hold"]]), fieldManager: nil)
        _ = try await store.create(Res.deployments, namespace: "team", object: deployment("d"), fieldManager: nil)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("elsewhere"), fieldManager: nil)
        let terminating = try await store.delete(Res.namespaces, namespace: nil, name: "team", options: .init())
        #expect(terminating["status"]?["phase"] == "Terminating")
        #expect(terminating["metadata"]?["deletionTimestamp"] != nil)
        // Everything without a finalizer is gone; the held object keeps the namespace.
        #expect(try await store.list(Res.configMaps, namespace: "team", options: .init()).items.map(\.objectName) == ["held"])
        #expect(try await store.list(Res.deployments, namespace: "team", options: .init()).items.isEmpty)
        let stillThere = try await store.get(Res.namespaces, namespace: nil, name: "team")
        #expect(stillThere["status"]?["phase"] == "Terminating")
        let refused = await failure { try await store.create(Res.configMaps, namespace: "team", object: configMap("late"), fieldManager: nil) }
        #expect(refused?.code == 403 && refused?.reason == "Forbidden")
        #expect(refused?.message == "configmaps \"late\" is forbidden: unable to create new content in namespace team because it is being terminated")
        _ = try await store.patch(Res.configMaps, namespace: "team", name: "held", patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
        let gone = await failure { try await store.get(Res.namespaces, namespace: nil, name: "team") }
        #expect(gone?.code == 404)
        #expect(try await store.get(Res.configMaps, namespace: "default", name: "elsewhere").objectName == "elsewhere")
        await store.dropAllWatches()
        #expect(await namespaceLog.untilEnd().summary == ["ADDED team", "MODIFIED team", "MODIFIED team", "DELETED team"])
        await namespaceLog.stop()
    }

    @Test func someNamespacesMayNotBeDeleted() async throws {
        let store = try SandboxStore()
        let error = await failure { try await store.delete(Res.namespaces, namespace: nil, name: "default", options: .init()) }
        #expect(error?.code == 403)
        #expect(error?.message == "namespaces \"default\" is forbidden: this namespace may not be deleted")
    }

    @Test func crdLifecycle() async throws {
        let store = try SandboxStore()
        #expect(await store.resource(group: "example.com", version: "v1", plural: "widgets") == nil)
        let crd = try await store.create(Res.crds, namespace: nil, object: widgetCRD(), fieldManager: nil)
        let conditions = crd["status"]?["conditions"]?.arrayValue ?? []
        #expect(conditions.map { "\($0["type"]?.stringValue ?? "")=\($0["status"]?.stringValue ?? "")" } == ["NamesAccepted=True", "Established=True"])
        #expect(crd["status"]?["acceptedNames"]?["kind"] == "Widget")
        #expect(crd["status"]?["acceptedNames"]?["listKind"] == "WidgetList")
        #expect(crd["status"]?["storedVersions"] == ["v1"])
        #expect(crd["spec"]?["names"]?["singular"] == "widget")
        let v1 = try #require(await store.resource(group: "example.com", version: "v1", plural: "widgets"))
        #expect(v1.kind == "Widget" && v1.namespaced && v1.hasStatusSubresource && v1.isCRDDefined && v1.shortNames == ["wd"])
        let beta = try #require(await store.resource(group: "example.com", version: "v1beta1", plural: "widgets"))
        #expect(!beta.hasStatusSubresource)
        #expect(await store.groups().first { $0.name == "example.com" }?.versions == ["v1", "v1beta1"])
        #expect(await store.resource(group: "example.com", kind: "Widget")?.version == "v1")

        // Objects are stored once and served at every version.
        var body = widget("w", version: "v1beta1")
        body.setField("status", ["ready": true])
        let created = try await store.create(beta, namespace: "default", object: body, fieldManager: nil)
        #expect(created["apiVersion"] == "example.com/v1beta1")
        #expect(created["status"] == ["ready": true])   // no status subresource at v1beta1
        let atV1 = try await store.get(v1, namespace: "default", name: "w")
        #expect(atV1["apiVersion"] == "example.com/v1")

        // Updating the CRD stops serving a version (and ends its watches).
        let betaWatch = EventLog(try await store.watch(beta, namespace: nil, options: .init()))
        var updatedCRD = try await store.get(Res.crds, namespace: nil, name: "widgets.example.com")
        updatedCRD = try JSONPatch.apply([["op": "replace", "path": "/spec/versions/1/served", "value": false]], to: updatedCRD)
        _ = try await store.update(Res.crds, namespace: nil, name: "widgets.example.com", object: updatedCRD, subresource: nil)
        #expect(await store.resource(group: "example.com", version: "v1beta1", plural: "widgets") == nil)
        #expect(await betaWatch.waitForEnd())
        let unserved = await failure { try await store.get(beta, namespace: "default", name: "w") }
        #expect(unserved?.code == 404)
        // The scope cannot change.
        let scoped = try JSONPatch.apply([["op": "replace", "path": "/spec/scope", "value": "Cluster"]],
                                         to: try await store.get(Res.crds, namespace: nil, name: "widgets.example.com"))
        let immutable = await failure { try await store.update(Res.crds, namespace: nil, name: "widgets.example.com", object: scoped, subresource: nil) }
        #expect(immutable?.code == 422)

        // Deleting the CRD deletes its objects (finalizers honoured) and then stops serving it.
        _ = try await store.create(v1, namespace: "default", object: widget("held", extraMetadata: ["finalizers": ["example.com/hold"]]), fieldManager: nil)
        let watch = EventLog(try await store.watch(v1, namespace: nil, options: .init(resourceVersion: String(await store.resourceVersion))))
        let terminating = try await store.delete(Res.crds, namespace: nil, name: "widgets.example.com", options: .init())
        #expect(terminating.finalizers == ["customresourcecleanup.apiextensions.k8s.io"])
        #expect(terminating["status"]?["conditions"]?.arrayValue?.last?["type"] == "Terminating")
        #expect(await store.resource(group: "example.com", version: "v1", plural: "widgets") != nil)
        let refused = await failure { try await store.create(v1, namespace: "default", object: widget("late"), fieldManager: nil) }
        #expect(refused?.code == 405)
        #expect(try await store.list(v1, namespace: nil, options: .init()).items.map(\.objectName) == ["held"])
        _ = try await store.patch(v1, namespace: "default", name: "held", patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
        #expect(await store.resource(group: "example.com", version: "v1", plural: "widgets") == nil)
        let crdGone = await failure { try await store.get(Res.crds, namespace: nil, name: "widgets.example.com") }
        #expect(crdGone?.code == 404)
        #expect(await watch.waitForEnd())
        let summary = await watch.events.summary
        #expect(summary == ["MODIFIED held", "DELETED w", "DELETED held"], "\(summary)")
    }

    @Test func invalidCRDs() async throws {
        let store = try SandboxStore()
        var mismatched = widgetCRD()
        mismatched.updateMetadata { $0["name"] = "gadgets.example.com" }
        let nameError = await failure { try await store.create(Res.crds, namespace: nil, object: mismatched, fieldManager: nil) }
        #expect(nameError?.code == 422)
        #expect(nameError?.causes.contains { $0.field == "metadata.name" } ?? false)
        let twoStorage = try JSONPatch.apply([["op": "replace", "path": "/spec/versions/1/storage", "value": true]], to: widgetCRD())
        let storageError = await failure { try await store.create(Res.crds, namespace: nil, object: twoStorage, fieldManager: nil) }
        #expect(storageError?.causes.contains { $0.message.contains("exactly one version marked as storage version") } ?? false)
        let badScope = try JSONPatch.apply([["op": "replace", "path": "/spec/scope", "value": "Galaxy"]], to: widgetCRD())
        #expect(await failure { try await store.create(Res.crds, namespace: nil, object: badScope, fieldManager: nil) }?.code == 422)
        let noSchema = try JSONPatch.apply([["op": "remove", "path": "/spec/versions/0/schema"]], to: widgetCRD())
        #expect(await failure { try await store.create(Res.crds, namespace: nil, object: noSchema, fieldManager: nil) }?.code == 422)
    }

    @Test func clusterScopedCRD() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.crds, namespace: nil, object: widgetCRD(scope: "Cluster"), fieldManager: nil)
        let resource = try #require(await store.resource(group: "example.com", version: "v1", plural: "widgets"))
        #expect(!resource.namespaced)
        let created = try await store.create(resource, namespace: nil, object: widget("w"), fieldManager: nil)
        #expect(created["metadata"]?["namespace"] == nil)
        #expect(created["status"] == nil)
    }

    @Test func discoveryListsBuiltIns() async throws {
        let store = try SandboxStore()
        let resources = await store.resources()
        for plural in ["namespaces", "configmaps", "secrets", "services", "endpoints", "serviceaccounts", "events", "pods",
                       "deployments", "statefulsets", "replicasets", "jobs", "cronjobs", "ingresses", "persistentvolumeclaims",
                       "poddisruptionbudgets", "horizontalpodautoscalers", "networkpolicies", "roles", "rolebindings",
                       "clusterroles", "clusterrolebindings", "leases", "customresourcedefinitions",
                       "validatingwebhookconfigurations", "mutatingwebhookconfigurations"] {
            #expect(resources.contains { $0.plural == plural }, "\(plural) is served")
        }
        for type in KubernetesKinds.all {
            #expect(resources.contains { $0.group == type.group && $0.plural == type.resource && $0.kind == type.kind })
        }
        #expect(resources.contains { $0.group == "batch" && $0.version == "v1beta1" && $0.plural == "cronjobs" })
        #expect(resources.contains { $0.group == "policy" && $0.version == "v1beta1" && $0.plural == "poddisruptionbudgets" })
        let groups = await store.groups()
        #expect(groups.first?.name == "" && groups.first?.versions == ["v1"])
        #expect(groups.first { $0.name == "autoscaling" }?.preferredVersion == "v1")
        #expect(VersionPriority.higher("v2", "v1") && VersionPriority.higher("v1", "v1beta2") && VersionPriority.higher("v1beta2", "v1beta1")
                && VersionPriority.higher("v1beta1", "v1alpha3") && VersionPriority.higher("v1alpha1", "foo"))
    }
}
