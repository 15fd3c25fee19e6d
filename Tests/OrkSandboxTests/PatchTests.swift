import Testing
import OrkValue
@testable import OrkSandbox

/// Merge patch, JSON patch and server-side apply through the store, with managed fields.
@Suite struct PatchTests {
    @Test func mergePatch() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", data: ["x": "1", "y": "2"]), fieldManager: "creator")
        let patched = try await store.patch(Res.configMaps, namespace: "default", name: "a",
                                            patch: .merge(["data": ["x": nil, "z": "3"], "metadata": ["labels": ["l": "v"]]]),
                                            subresource: nil, fieldManager: "patcher")
        #expect(patched["data"] == ["y": "2", "z": "3"])
        #expect(patched["metadata"]?["labels"] == ["l": "v"])
        let managers = patched["metadata"]?["managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue }
        #expect(managers == ["creator", "patcher"])
        // A resourceVersion in the patch is a precondition.
        let stale = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge(["metadata": ["resourceVersion": "1"]]), subresource: nil)
        }
        #expect(stale?.code == 409)
        let notObject = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge([1]), subresource: nil) }
        #expect(notObject?.code == 422)
        let missing = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "zz", patch: .merge([:]), subresource: nil) }
        #expect(missing?.code == 404)
        let rename = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .merge(["metadata": ["name": "b"]]), subresource: nil) }
        #expect(rename?.code == 400)
    }

    @Test func jsonPatch() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("a", data: ["x": "1"]), fieldManager: nil)
        let patched = try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .json([
            ["op": "test", "path": "/data/x", "value": "1"],
            ["op": "add", "path": "/data/y~1z", "value": "2"],
            ["op": "add", "path": "/metadata/finalizers", "value": ["example.com/hold"]],
            ["op": "add", "path": "/metadata/finalizers/-", "value": "example.com/other"],
        ]), subresource: nil)
        #expect(patched["data"] == ["x": "1", "y/z": "2"])
        #expect(patched.finalizers == ["example.com/hold", "example.com/other"])
        let failed = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .json([["op": "test", "path": "/data/x", "value": "9"]]), subresource: nil)
        }
        #expect(failed?.code == 422 && failed?.message == "the server rejected our request due to an error in our request")
        let badOp = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "a", patch: .json([["op": "remove", "path": "/data/nope"]]), subresource: nil)
        }
        #expect(badOp?.code == 422)
    }

    @Test func patchesOnStatus() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.deployments, namespace: "default", object: deployment("d"), fieldManager: nil)
        let status = try await store.patch(Res.deployments, namespace: "default", name: "d",
                                           patch: .json([["op": "add", "path": "/status/readyReplicas", "value": 1]]), subresource: "status")
        #expect(status["status"] == ["readyReplicas": 1])
        let main = try await store.patch(Res.deployments, namespace: "default", name: "d", patch: .merge(["status": ["readyReplicas": 5]]), subresource: nil)
        #expect(main["status"] == ["readyReplicas": 1])
    }

    @Test func applyCreatesAndRecordsTheManager() async throws {
        let store = try SandboxStore()
        let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "ssa", "labels": ["l": "1"]], "data": ["a": "1", "b": "2"]]
        let created = try await store.patchReportingCreation(Res.configMaps, namespace: "default", name: "ssa",
                                                             patch: .apply(config, fieldManager: "m1", force: false), subresource: nil)
        #expect(created.created)
        let entry = try #require(created.object["metadata"]?["managedFields"]?[0])
        #expect(entry["manager"] == "m1" && entry["operation"] == "Apply")
        #expect(entry["fieldsV1"] == ["f:data": ["f:a": [:], "f:b": [:]], "f:metadata": ["f:labels": ["f:l": [:]]]])
        // Applying the same configuration again changes nothing.
        let version = await store.resourceVersion
        let again = try await store.patchReportingCreation(Res.configMaps, namespace: "default", name: "ssa",
                                                           patch: .apply(config, fieldManager: "m1", force: false), subresource: nil)
        #expect(!again.created && again.object == created.object)
        #expect(await store.resourceVersion == version)
    }

    @Test func applyConflictsLikeTheRealServer() async throws {
        let store = try SandboxStore()
        let first: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "ssa"], "data": ["a": "1", "b": "2"]]
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "ssa", patch: .apply(first, fieldManager: "m1", force: false), subresource: nil)
        let second: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "ssa"], "data": ["a": "9", "c": "3"]]
        let conflict = try #require(await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "ssa", patch: .apply(second, fieldManager: "m2", force: false), subresource: nil)
        })
        #expect(conflict.code == 409 && conflict.reason == "Conflict")
        #expect(conflict.message == "Apply failed with 1 conflict: conflict with \"m1\": .data.a")
        #expect(conflict.causes == [SandboxError.Cause(field: ".data.a", reason: "FieldManagerConflict", message: "conflict with \"m1\"")])
        // The same value is shared without conflict.
        let shared: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "ssa"], "data": ["a": "1", "c": "3"]]
        let sharedResult = try await store.patch(Res.configMaps, namespace: "default", name: "ssa", patch: .apply(shared, fieldManager: "m2", force: false), subresource: nil)
        #expect(sharedResult["data"] == ["a": "1", "b": "2", "c": "3"])
        let entries = ManagedFields.decode(sharedResult)
        #expect(entries.first { $0.manager == "m1" }?.fields == [["data", "a"], ["data", "b"]])
        #expect(entries.first { $0.manager == "m2" }?.fields == [["data", "a"], ["data", "c"]])
        // Force takes the field over.
        let forced = try await store.patch(Res.configMaps, namespace: "default", name: "ssa", patch: .apply(second, fieldManager: "m2", force: true), subresource: nil)
        #expect(forced["data"] == ["a": "9", "b": "2", "c": "3"])
        let after = ManagedFields.decode(forced)
        #expect(after.first { $0.manager == "m1" }?.fields == [["data", "b"]])
        #expect(after.first { $0.manager == "m2" }?.fields == [["data", "a"], ["data", "c"]])
    }

    @Test func applyConflictsWithUpdaters() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c", data: ["k": "v"]), fieldManager: "curl")
        let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["k": "zz", "j": "1"]]
        let error = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(config, fieldManager: "m1", force: false), subresource: nil) }
        #expect(error?.message == "Apply failed with 1 conflict: conflict with \"curl\" using v1: .data.k")
        let twoConflicts: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "labels": ["x": "1"]], "data": ["k": "zz"]]
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .merge(["metadata": ["labels": ["x": "0"]]]), subresource: nil, fieldManager: "other")
        let multiple = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(twoConflicts, fieldManager: "m1", force: false), subresource: nil) }
        #expect(multiple?.message == "Apply failed with 2 conflicts: conflicts with \"curl\" using v1\n- .data.k\nconflicts with \"other\" using v1\n- .metadata.labels.x")
    }

    @Test func applyRemovesFieldsItNoLongerApplies() async throws {
        let store = try SandboxStore()
        let full: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1", "b": "2"]]
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(full, fieldManager: "m", force: false), subresource: nil)
        let smaller: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1"]]
        let result = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(smaller, fieldManager: "m", force: false), subresource: nil)
        #expect(result["data"] == ["a": "1"])
        // A field another manager also owns stays.
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(full, fieldManager: "m", force: false), subresource: nil)
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "c",
                                  patch: .apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["b": "2"]], fieldManager: "n", force: false),
                                  subresource: nil)
        let kept = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(smaller, fieldManager: "m", force: false), subresource: nil)
        #expect(kept["data"] == ["a": "1", "b": "2"])
    }

    @Test func applyNeedsAManagerAndTypeMeta() async throws {
        let store = try SandboxStore()
        let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]]
        let noManager = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(config, fieldManager: "", force: false), subresource: nil) }
        #expect(noManager?.code == 422)
        #expect(noManager?.message == "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
        let noKind = await failure { try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(["metadata": ["name": "c"]], fieldManager: "m", force: false), subresource: nil) }
        #expect(noKind?.code == 400)
        let wrongName = await failure {
            try await store.patch(Res.configMaps, namespace: "default", name: "other", patch: .apply(config, fieldManager: "m", force: false), subresource: nil)
        }
        #expect(wrongName?.code == 400)
    }

    @Test func updatesTakeOwnershipOfWhatTheyChange() async throws {
        let store = try SandboxStore()
        let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1", "b": "2"]]
        _ = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .apply(config, fieldManager: "applier", force: false), subresource: nil)
        let updated = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .merge(["data": ["a": "changed"]]), subresource: nil, fieldManager: "editor")
        let entries = ManagedFields.decode(updated)
        #expect(entries.first { $0.manager == "applier" }?.fields == [["data", "b"]])
        #expect(entries.first { $0.manager == "editor" }?.fields == [["data", "a"]])
        // Removing a field removes it from every manager; empty entries disappear.
        let removed = try await store.patch(Res.configMaps, namespace: "default", name: "c", patch: .merge(["data": ["a": nil]]), subresource: nil, fieldManager: "editor")
        #expect(ManagedFields.decode(removed).map(\.manager) == ["applier"])
    }

    @Test func fieldsV1RoundTrips() {
        let fields: Set<FieldPath> = [["data", "a"], ["metadata", "labels", "x"], ["spec"], ["spec", "inner"]]
        let encoded = ManagedFields.encodeFields(fields)
        #expect(encoded == ["f:data": ["f:a": [:]], "f:metadata": ["f:labels": ["f:x": [:]]], "f:spec": [".": [:], "f:inner": [:]]])
        let object: JSONValue = ["metadata": ["managedFields": [["manager": "m", "operation": "Update", "fieldsV1": encoded]]]]
        #expect(ManagedFields.decode(object).first?.fields == fields)
    }
}
