import Testing
import OrkValue
@testable import OrkSandbox

/// Object metadata, validation, optimistic concurrency and the status subresource.
@Suite struct ObjectSemanticsTests {
    @Test func startsWithTheClusterNamespaces() async throws {
        let store = try SandboxStore()
        let names = try await store.list(Res.namespaces, namespace: nil, options: .init()).items.map(\.objectName)
        #expect(names == ["default", "kube-node-lease", "kube-public", "kube-system"])
        let defaultNamespace = try await store.get(Res.namespaces, namespace: nil, name: "default")
        #expect(defaultNamespace["status"]?["phase"] == "Active")
        #expect(defaultNamespace["spec"]?["finalizers"] == ["kubernetes"])
    }

    @Test func createSetsServerFields() async throws {
        let store = try SandboxStore()
        let before = await store.resourceVersion
        let created = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", data: ["k": "v"]), fieldManager: "test")
        let metadata = created["metadata"]
        #expect(metadata?["namespace"] == "default")
        #expect(metadata?["generation"] == 1)
        #expect(metadata?["resourceVersion"]?.stringValue == String(before + 1))
        let uid = try #require(metadata?["uid"]?.stringValue)
        #expect(uid.count == 36 && uid.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        let timestamp = try #require(metadata?["creationTimestamp"]?.stringValue)
        #expect(timestamp.count == 20 && timestamp.hasSuffix("Z") && timestamp.contains("T"))
        let managed = try #require(metadata?["managedFields"]?.arrayValue?.first)
        #expect(managed["manager"] == "test")
        #expect(managed["operation"] == "Update")
        #expect(managed["fieldsType"] == "FieldsV1")
        #expect(managed["fieldsV1"] == ["f:data": ["f:k": [:]]])
        #expect(try await store.get(Res.configMaps, namespace: "default", name: "a") == created)
    }

    @Test func resourceVersionIsGlobalAndMonotonic() async throws {
        let store = try SandboxStore()
        var last = await store.resourceVersion
        for index in 0..<5 {
            let created = try await store.create(index % 2 == 0 ? Res.configMaps : Res.secrets, namespace: "default",
                                                 object: ["metadata": ["name": .string("o\(index)")]], fieldManager: nil)
            let version = try #require(Int64(created.objectResourceVersion))
            #expect(version == last + 1)
            last = version
        }
        #expect(await store.resourceVersion == last)
    }

    @Test func generateNameMakesAName() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.configMaps, namespace: "default",
                                             object: ["metadata": ["generateName": "gen-"]], fieldManager: nil)
        #expect(created.objectName.hasPrefix("gen-") && created.objectName.count == 9)
    }

    struct NameCase: Sendable, CustomTestStringConvertible {
        var resource: SandboxResource
        var name: String
        var valid: Bool
        var testDescription: String { "\(resource.plural) \(name.prefix(20)) \(valid)" }
    }

    static let names: [NameCase] = [
        .init(resource: Res.configMaps, name: "ok-name.example", valid: true),
        .init(resource: Res.configMaps, name: "a", valid: true),
        .init(resource: Res.configMaps, name: "0abc", valid: true),
        .init(resource: Res.configMaps, name: "Bad_Name", valid: false),
        .init(resource: Res.configMaps, name: "-lead", valid: false),
        .init(resource: Res.configMaps, name: "trail-", valid: false),
        .init(resource: Res.configMaps, name: "a..b", valid: false),
        .init(resource: Res.configMaps, name: String(repeating: "a", count: 253), valid: true),
        .init(resource: Res.configMaps, name: String(repeating: "a", count: 254), valid: false),
        .init(resource: Res.configMaps, name: "UPPER", valid: false),
        .init(resource: Res.configMaps, name: "a/b", valid: false),
        .init(resource: Res.configMaps, name: "..", valid: false),
        .init(resource: Res.namespaces, name: "dotted.name", valid: false),
        .init(resource: Res.namespaces, name: String(repeating: "n", count: 64), valid: false),
        .init(resource: Res.namespaces, name: "team-1", valid: true),
        .init(resource: Res.services, name: "1svc", valid: false),
        .init(resource: Res.services, name: "svc-1", valid: true),
        .init(resource: Res.clusterRoles, name: "system:controller:x", valid: true),
        .init(resource: Res.clusterRoles, name: "a%b", valid: false),
        .init(resource: Res.clusterRoles, name: ".", valid: false),
    ]

    @Test(arguments: names)
    func validatesNames(_ example: NameCase) async throws {
        let store = try SandboxStore()
        let body: JSONValue = ["apiVersion": .string(example.resource.apiVersion), "kind": .string(example.resource.kind),
                               "metadata": ["name": .string(example.name)]]
        let error = await failure { try await store.create(example.resource, namespace: "default", object: body, fieldManager: nil) }
        if example.valid {
            #expect(error == nil)
        } else {
            #expect(error?.code == 422)
            #expect(error?.reason == "Invalid")
            #expect(error?.causes.first?.field == "metadata.name")
            #expect(error?.causes.first?.reason == "FieldValueInvalid")
        }
    }

    @Test func invalidNameStatusMatchesTheRealServer() async throws {
        let store = try SandboxStore()
        let error = try #require(await failure { try await store.create(Res.configMaps, namespace: "default", object: configMap("Bad_Name"), fieldManager: nil) })
        #expect(error.message.hasPrefix("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"))
        let status = error.status
        #expect(status["kind"] == "Status")
        #expect(status["apiVersion"] == "v1")
        #expect(status["status"] == "Failure")
        #expect(status["code"] == 422)
        #expect(status["details"]?["kind"] == "ConfigMap")
        #expect(status["details"]?["name"] == "Bad_Name")
        #expect(status["details"]?["causes"]?[0]?["field"] == "metadata.name")
    }

    @Test func nameOrGenerateNameIsRequired() async throws {
        let store = try SandboxStore()
        let error = await failure { try await store.create(Res.configMaps, namespace: "default", object: ["metadata": [:]], fieldManager: nil) }
        #expect(error?.code == 422)
        #expect(error?.message == "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required")
    }

    @Test func labelsAndFinalizersAreValidated() async throws {
        let store = try SandboxStore()
        let badLabel = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: configMap("x", labels: ["bad key": "v"]), fieldManager: nil)
        }
        #expect(badLabel?.code == 422 && badLabel?.causes.first?.field == "metadata.labels")
        let badValue = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: configMap("x", labels: ["k": "bad value"]), fieldManager: nil)
        }
        #expect(badValue?.code == 422)
        let badFinalizer = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: configMap("x", extraMetadata: ["finalizers": ["nodomain"]]), fieldManager: nil)
        }
        #expect(badFinalizer?.code == 422 && badFinalizer?.causes.first?.field == "metadata.finalizers")
        let wrongType = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: configMap("x", extraMetadata: ["labels": ["k": 1]]), fieldManager: nil)
        }
        #expect(wrongType?.code == 400)
        let badOwner = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: configMap("x", extraMetadata: ["ownerReferences": [["kind": "X"]]]), fieldManager: nil)
        }
        #expect(badOwner?.code == 422)
    }

    @Test func typeMetaMustMatch() async throws {
        let store = try SandboxStore()
        let wrongKind = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "q"]], fieldManager: nil)
        }
        #expect(wrongKind?.code == 400)
        #expect(wrongKind?.message.hasPrefix("Secret in version \"v1\" cannot be handled as a ConfigMap") ?? false)
        let wrongVersion = await failure {
            try await store.create(Res.configMaps, namespace: "default", object: ["apiVersion": "apps/v1", "kind": "ConfigMap", "metadata": ["name": "q"]], fieldManager: nil)
        }
        #expect(wrongVersion?.code == 400)
        let notObject = await failure { try await store.create(Res.configMaps, namespace: "default", object: [1], fieldManager: nil) }
        #expect(notObject?.code == 400)
        // Built-ins default their type metadata; another served version of the same resource is accepted.
        let defaulted = try await store.create(Res.configMaps, namespace: "default", object: ["metadata": ["name": "q"]], fieldManager: nil)
        #expect(defaulted["kind"] == "ConfigMap" && defaulted["apiVersion"] == "v1")
        let cronJobV1 = SandboxResource(group: "batch", version: "v1", plural: "cronjobs", kind: "CronJob", namespaced: true)
        let converted = try await store.create(cronJobV1, namespace: "default",
                                               object: ["apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": ["name": "c"], "spec": ["schedule": "* * * * *"]],
                                               fieldManager: nil)
        #expect(converted["apiVersion"] == "batch/v1")
        #expect(try await store.get(Res.cronJobsBeta, namespace: "default", name: "c")["apiVersion"] == "batch/v1beta1")
    }

    @Test func namespaceIsCheckedAgainstTheURL() async throws {
        let store = try SandboxStore()
        let mismatch = await failure { try await store.create(Res.configMaps, namespace: "default", object: configMap("a", namespace: "other"), fieldManager: nil) }
        #expect(mismatch?.code == 400)
        #expect(mismatch?.message == "the namespace of the object (other) does not match the namespace on the request (default)")
        let missing = await failure { try await store.create(Res.configMaps, namespace: "nowhere", object: configMap("a"), fieldManager: nil) }
        #expect(missing?.code == 404)
        #expect(missing?.message == "namespaces \"nowhere\" not found")
        let noNamespace = await failure { try await store.create(Res.configMaps, namespace: nil, object: configMap("a"), fieldManager: nil) }
        #expect(noNamespace?.code == 400)
        // Cluster-scoped objects drop a namespace.
        let role = try await store.create(Res.clusterRoles, namespace: nil,
                                          object: ["metadata": ["name": "r", "namespace": "default"], "rules": []], fieldManager: nil)
        #expect(role["metadata"]?["namespace"] == nil)
    }

    @Test func notFoundAndAlreadyExistsBodies() async throws {
        let store = try SandboxStore()
        let missing = try #require(await failure { try await store.get(Res.deployments, namespace: "default", name: "zz") })
        #expect(missing.status == [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": "deployments.apps \"zz\" not found", "reason": "NotFound",
            "details": ["name": "zz", "group": "apps", "kind": "deployments"], "code": 404,
        ])
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let duplicate = try #require(await failure { try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil) })
        #expect(duplicate.code == 409 && duplicate.reason == "AlreadyExists")
        #expect(duplicate.message == "configmaps \"a\" already exists")
        let unserved = SandboxResource(group: "nope.io", version: "v1", plural: "things", kind: "Thing", namespaced: true)
        let unknown = try #require(await failure { try await store.list(unserved, namespace: nil, options: .init()) })
        #expect(unknown.code == 404 && unknown.message == "the server could not find the requested resource")
    }

    @Test func updateUsesOptimisticConcurrency() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", data: ["k": "1"]), fieldManager: nil)
        var change = created
        change = JSONMergePatch.apply(["data": ["k": "2"]], to: change)
        let updated = try await store.update(Res.configMaps, namespace: "default", name: "a", object: change, subresource: nil)
        #expect(updated["data"]?["k"] == "2")
        #expect(updated.objectResourceVersion != created.objectResourceVersion)
        #expect(updated.objectUID == created.objectUID)
        #expect(updated["metadata"]?["creationTimestamp"] == created["metadata"]?["creationTimestamp"])
        // The same (now stale) version again: conflict.
        let stale = try #require(await failure { try await store.update(Res.configMaps, namespace: "default", name: "a", object: change, subresource: nil) })
        #expect(stale.code == 409 && stale.reason == "Conflict")
        #expect(stale.message == "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again")
        // Built-ins allow unconditional updates (no resourceVersion).
        let unconditional = try await store.update(Res.configMaps, namespace: "default", name: "a",
                                                   object: configMap("a", data: ["k": "3"]), subresource: nil)
        #expect(unconditional["data"]?["k"] == "3")
        // Name and namespace must match the URL; a different uid is a failed precondition.
        let renamed = await failure { try await store.update(Res.configMaps, namespace: "default", name: "a", object: configMap("b"), subresource: nil) }
        #expect(renamed?.code == 400 && renamed?.message == "the name of the object (b) does not match the name on the URL (a)")
        let otherUID = await failure {
            try await store.update(Res.configMaps, namespace: "default", name: "a", object: configMap("a", extraMetadata: ["uid": "x"]), subresource: nil)
        }
        #expect(otherUID?.code == 409)
        let missing = await failure { try await store.update(Res.configMaps, namespace: "default", name: "zz", object: configMap("zz"), subresource: nil) }
        #expect(missing?.code == 404)
        #expect(otherUID?.message == "Operation cannot be fulfilled on configmaps \"a\": StorageError: invalid object, Code: 4, Key: /registry/configmaps/default/a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: x, UID in object meta: \(created.objectUID)")
    }

    @Test func createWithAResourceVersionIsRefusedLikeTheRealServer() async throws {
        let store = try SandboxStore()
        let error = await failure { try await store.create(Res.configMaps, namespace: "default", object: configMap("a", extraMetadata: ["resourceVersion": "12"]), fieldManager: nil) }
        #expect(error?.code == 500 && error?.message == "resourceVersion should not be set on objects to be created")
    }

    @Test func noOpUpdateWritesNothing() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", data: ["k": "1"]), fieldManager: "m")
        let version = await store.resourceVersion
        let same = try await store.update(Res.configMaps, namespace: "default", name: "a", object: created, subresource: nil, fieldManager: "m")
        #expect(same == created)
        #expect(await store.resourceVersion == version)
    }

    @Test func generationCountsChangesOutsideMetadataAndStatus() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.deployments, namespace: "default", object: deployment("d"), fieldManager: nil)
        #expect(created["metadata"]?["generation"] == 1)
        let labelled = try await store.patch(Res.deployments, namespace: "default", name: "d", patch: .merge(["metadata": ["labels": ["x": "y"]]]), subresource: nil)
        #expect(labelled["metadata"]?["generation"] == 1)
        let scaled = try await store.patch(Res.deployments, namespace: "default", name: "d", patch: .merge(["spec": ["replicas": 3]]), subresource: nil)
        #expect(scaled["metadata"]?["generation"] == 2)
        let status = try await store.patch(Res.deployments, namespace: "default", name: "d", patch: .merge(["status": ["replicas": 3]]), subresource: "status")
        #expect(status["metadata"]?["generation"] == 2)
        // Every kind counts generations here, configmaps too (see docs/sandbox.md).
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c", data: ["a": "1"]), fieldManager: nil)
        let changed = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .merge(["data": ["a": "2"]]), subresource: nil)
        #expect(changed["metadata"]?["generation"] == 2)
    }

    @Test func statusSubresourceSeparatesStatusFromSpec() async throws {
        let store = try SandboxStore()
        var body = deployment("d")
        body.setField("status", ["replicas": 5])
        let created = try await store.create(Res.deployments, namespace: "default", object: body, fieldManager: nil)
        #expect(created["status"] == [:])   // the create strategy resets status
        // A write to the main resource ignores status.
        var mainWrite = created
        mainWrite.setField("status", ["replicas": 9])
        mainWrite = JSONMergePatch.apply(["spec": ["replicas": 2]], to: mainWrite)
        let afterMain = try await store.update(Res.deployments, namespace: "default", name: "d", object: mainWrite, subresource: nil)
        #expect(afterMain["status"] == [:])
        #expect(afterMain["spec"]?["replicas"] == 2)
        // A write to /status changes only status (and the resourceVersion).
        var statusWrite = afterMain
        statusWrite.setField("status", ["replicas": 2])
        statusWrite = JSONMergePatch.apply(["spec": ["replicas": 7], "metadata": ["labels": ["ignored": "yes"]]], to: statusWrite)
        let afterStatus = try await store.update(Res.deployments, namespace: "default", name: "d", object: statusWrite, subresource: "status")
        #expect(afterStatus["status"] == ["replicas": 2])
        #expect(afterStatus["spec"]?["replicas"] == 2)
        #expect(afterStatus["metadata"]?["labels"] == nil)
        #expect(afterStatus.objectResourceVersion != afterMain.objectResourceVersion)
        #expect(try await store.get(Res.deployments, namespace: "default", name: "d", subresource: "status") == afterStatus)
        // Stale versions conflict on /status too.
        let stale = await failure { try await store.update(Res.deployments, namespace: "default", name: "d", object: statusWrite, subresource: "status") }
        #expect(stale?.code == 409)
        // Resources without a status subresource refuse /status.
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c"), fieldManager: nil)
        let noStatus = await failure { try await store.update(Res.configMaps, namespace: "default", name: "c", object: configMap("c"), subresource: "status") }
        #expect(noStatus?.code == 404 && noStatus?.message == "the server could not find the requested resource")
        let noScale = await failure { try await store.get(Res.deployments, namespace: "default", name: "d", subresource: "scale") }
        #expect(noScale?.code == 404)
    }

    @Test func createOnUpdateWhereTheRealServerAllowsIt() async throws {
        let store = try SandboxStore()
        let lease: JSONValue = ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "leader"], "spec": ["holderIdentity": "me"]]
        let created = try await store.update(Res.leases, namespace: "default", name: "leader", object: lease, subresource: nil)
        #expect(created["spec"]?["holderIdentity"] == "me")
    }

    @Test func podsStartPendingAndReturnTheDeletedObject() async throws {
        let store = try SandboxStore()
        let pod: JSONValue = ["metadata": ["name": "p"], "spec": ["containers": [["name": "c", "image": "busybox"]]]]
        let created = try await store.create(Res.pods, namespace: "default", object: pod, fieldManager: nil)
        #expect(created["status"]?["phase"] == "Pending")
        let deleted = try await store.delete(Res.pods, namespace: "default", name: "p", options: .init())
        #expect(deleted["kind"] == "Pod")
        #expect(deleted["metadata"]?["deletionTimestamp"] != nil)
        #expect(await failure { try await store.get(Res.pods, namespace: "default", name: "p") }?.code == 404)
    }

    @Test func secretStringDataIsMergedIntoData() async throws {
        let store = try SandboxStore()
        let created = try await store.create(Res.secrets, namespace: "default",
                                             object: ["metadata": ["name": "s"], "stringData": ["user": "admin", "pw": "hunter2"], "data": ["x": "eA=="]],
                                             fieldManager: nil)
        #expect(created["data"] == ["user": "YWRtaW4=", "pw": "aHVudGVyMg==", "x": "eA=="])
        #expect(created["stringData"] == nil)
        #expect(created["type"] == "Opaque")
        let updated = try await store.patch(Res.secrets, namespace: "default", name: "s", patch: .merge(["stringData": ["pw": "a"]]), subresource: nil)
        #expect(updated["data"]?["pw"] == "YQ==")
        #expect(Base64.encode("ab".utf8) == "YWI=" && Base64.encode([UInt8]()) == "")
    }

    @Test func customResourcesNeedTheirResourceVersionOnUpdate() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.crds, namespace: nil, object: widgetCRD(), fieldManager: nil)
        _ = try await store.create(Res.widgetsV1, namespace: "default", object: widget("w"), fieldManager: nil)
        let error = await failure { try await store.update(Res.widgetsV1, namespace: "default", name: "w", object: widget("w", spec: ["size": 2]), subresource: nil) }
        #expect(error?.code == 422)
        #expect(error?.message == "widgets.example.com \"w\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update")
        let missingKind = await failure { try await store.create(Res.widgetsV1, namespace: "default", object: ["metadata": ["name": "x"]], fieldManager: nil) }
        #expect(missingKind?.code == 400)
        let wrongVersion = await failure { try await store.create(Res.widgetsV1, namespace: "default", object: widget("x", version: "v1beta1"), fieldManager: nil) }
        #expect(wrongVersion?.message == "the API version in the data (example.com/v1beta1) does not match the expected API version (example.com/v1)")
        let wrongKind = await failure {
            try await store.create(Res.widgetsV1, namespace: "default",
                                   object: ["apiVersion": "example.com/v1", "kind": "Gadget", "metadata": ["name": "x"]], fieldManager: nil)
        }
        #expect(wrongKind?.code == 422 && wrongKind?.message == "Gadget.example.com \"x\" is invalid: kind: Invalid value: \"Gadget\": must be Widget")
    }
}

/// Hostile input is a 4xx, never a crash.
@Suite struct HostileInputTests {
    @Test func deepNestingIsRefused() async throws {
        let store = try SandboxStore()
        var deep: JSONValue = "leaf"
        for _ in 0..<300 { deep = ["x": deep] }
        let created = await failure { try await store.create(Res.configMaps, namespace: "default", object: ["metadata": ["name": "deep"], "data": deep], fieldManager: nil) }
        #expect(created?.code == 422)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c"), fieldManager: nil)
        let patched = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .merge(["data": deep]), subresource: nil) }
        #expect(patched?.code == 422)
        // A JSON patch that keeps nesting the object into itself is stopped too.
        var operations: [JSONValue] = []
        var path = ""
        for _ in 0..<250 {
            path += "/x"
            operations.append(["op": "add", "path": .string(path), "value": [:]])
        }
        let nested = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .json(operations), subresource: nil) }
        #expect(nested?.code == 422)
        let amplified = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "c",
                                  patch: .json((0..<64).map { ["op": "copy", "from": "", "path": .string($0 % 2 == 0 ? "/x" : "/y")] }), subresource: nil)
        }
        #expect(amplified?.code == 422)
    }

    @Test(arguments: [JSONValue.null, 1, "text", [1, 2], ["metadata": "x"], ["metadata": ["name": 5]], ["metadata": ["name": "a", "labels": [1]]],
                      ["metadata": ["name": "a", "finalizers": "x"]], ["metadata": ["name": "a", "ownerReferences": [1]]], ["kind": 3, "metadata": ["name": "a"]]])
    func malformedBodiesAreBadRequests(_ body: JSONValue) async throws {
        let store = try SandboxStore()
        let error = await failure { try await store.create(Res.configMaps, namespace: "default", object: body, fieldManager: nil) }
        #expect(error.map { (400..<500).contains($0.code) } ?? false)
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        let updateError = await failure { try await store.update(Res.configMaps, namespace: "default", name: "a", object: body, subresource: nil) }
        #expect(updateError.map { (400..<500).contains($0.code) } ?? false)
        let applyError = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .apply(body, fieldManager: "m", force: false), subresource: nil)
        }
        #expect(applyError.map { (400..<500).contains($0.code) } ?? false)
        let jsonPatchError = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .json([body]), subresource: nil) }
        #expect(jsonPatchError.map { (400..<500).contains($0.code) } ?? false)
    }
}
