import OrkTestSupport
import Foundation
import OrkValue
import Testing
@testable import OrkKube

/// The client conformance suite: every test runs against the embedded sandbox and, when
/// ORK_KUBE_INTEGRATION=1, against the real kube-apiserver of scripts/kube-local.
@Suite(.serialized)
struct ClientConformanceTests {
    static let crds = TestCluster.crds

    func configMap(_ name: String, _ namespace: String, data: [String: JSONValue] = ["a": "1"]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace)],
         "data": .object(data)]
    }

    /// Creates a namespaced CRD with a status subresource and a unique group, waits until it is served.
    func makeCRD(_ kube: KubeClient) async throws -> (group: String, name: String) {
        let group = "it\(UInt32.random(in: 0...UInt32.max)).orkestra.io"
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("widgets.\(group)")],
            "spec": [
                "group": .string(group), "scope": "Namespaced",
                "names": ["kind": "Widget", "plural": "widgets", "singular": "widget"],
                "versions": [[
                    "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
        _ = try await kube.create(Self.crds, namespace: nil, crd)
        let served = try await eventually {
            let object = try await kube.get(Self.crds, namespace: nil, name: "widgets.\(group)")
            return (object.value(atDotted: "status.conditions")?.arrayValue ?? []).contains {
                $0["type"] == "Established" && $0["status"] == "True"
            }
        }
        #expect(served)
        return (group, "widgets.\(group)")
    }

    @Test(arguments: ConformanceTarget.available)
    func crudOnBuiltInResources(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            let resource = try await kube.resource(apiVersion: "v1", kind: "ConfigMap")
            let created = try await kube.create(resource, namespace: ns, configMap("one", ns))
            #expect(created.value(atDotted: "metadata.uid")?.stringValue?.isEmpty == false)
            var fetched = try await kube.get(resource, namespace: ns, name: "one")
            #expect(fetched["data"] == ["a": "1"])
            fetched = try #require(fetched.setting("2", at: ["data", "a"]))
            let updated = try await kube.update(resource, namespace: ns, fetched)
            #expect(updated.value(atDotted: "data.a") == "2")
            // A stale resourceVersion is a conflict.
            await #expect(throws: KubeError.self) { try await kube.update(resource, namespace: ns, fetched) }
            await #expect(throws: KubeError.self) { try await kube.create(resource, namespace: ns, configMap("one", ns)) }
            _ = try await kube.patch(resource, namespace: ns, name: "one", .merge(["data": ["b": "3"]]))
            _ = try await kube.patch(resource, namespace: ns, name: "one", .json([["op": "remove", "path": "/data/a"]]))
            #expect(try await kube.get(resource, namespace: ns, name: "one")["data"] == ["b": "3"])
            try await kube.delete(resource, namespace: ns, name: "one")
            do {
                _ = try await kube.get(resource, namespace: ns, name: "one")
                Issue.record("deleted object still readable")
            } catch let error as KubeError {
                #expect(error.kind == .notFound)
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func customResourcesAndDiscoveryOfACRDCreatedDuringTheTest(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            // Prime discovery before the CRD exists so the lookup must refresh.
            _ = try await kube.resource(apiVersion: "v1", kind: "ConfigMap")
            let (group, crdName) = try await makeCRD(kube)
            defer { Task { _ = try? await kube.delete(Self.crds, namespace: nil, name: crdName) } }
            let widgets = try await kube.resource(group: group, kind: "Widget")
            #expect(widgets.resource == "widgets" && widgets.namespaced && widgets.version == "v1")
            let widget: JSONValue = ["apiVersion": .string("\(group)/v1"), "kind": "Widget",
                                     "metadata": ["name": "w1", "namespace": .string(ns)], "spec": ["size": 3]]
            _ = try await kube.create(widgets, namespace: ns, widget)
            #expect(try await kube.get(widgets, namespace: ns, name: "w1").value(atDotted: "spec.size") == 3)

            // Status subresource: status writes never change spec and vice versa.
            _ = try await kube.patch(widgets, namespace: ns, name: "w1", .merge(["status": ["phase": "Ready"], "spec": ["size": 9]]),
                                     subresource: "status")
            var current = try await kube.get(widgets, namespace: ns, name: "w1")
            #expect(current.value(atDotted: "status.phase") == "Ready")
            #expect(current.value(atDotted: "spec.size") == 3)
            _ = try await kube.patch(widgets, namespace: ns, name: "w1", .merge(["status": ["phase": "Lost"], "spec": ["size": 4]]))
            current = try await kube.get(widgets, namespace: ns, name: "w1")
            #expect(current.value(atDotted: "status.phase") == "Ready")
            #expect(current.value(atDotted: "spec.size") == 4)

            // Finalizers hold a deleted object until they are removed.
            _ = try await kube.patch(widgets, namespace: ns, name: "w1", .merge(["metadata": ["finalizers": ["orkestra.orkspace.io/cleanup"]]]))
            try await kube.delete(widgets, namespace: ns, name: "w1")
            let held = try await kube.get(widgets, namespace: ns, name: "w1")
            #expect(held.value(atDotted: "metadata.deletionTimestamp") != nil)
            _ = try await kube.patch(widgets, namespace: ns, name: "w1", .json([["op": "remove", "path": "/metadata/finalizers"]]))
            let gone = try await eventually {
                do { _ = try await kube.get(widgets, namespace: ns, name: "w1"); return false } catch let error as KubeError { return error.kind == .notFound }
            }
            #expect(gone)
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func serverSideApplyCreatesNoOpsUpdatesConflictsAndForces(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            let resource = TestCluster.configMaps
            let intent = configMap("applied", ns, data: ["owner": "orkestra", "size": "1"])
            let created = try await kube.apply(resource, intent, fieldManager: "orkestra")
            let version = created.value(atDotted: "metadata.resourceVersion")
            let again = try await kube.apply(resource, intent, fieldManager: "orkestra")
            #expect(again.value(atDotted: "metadata.resourceVersion") == version)  // no-op: no new version
            let changed = try await kube.apply(resource, configMap("applied", ns, data: ["owner": "orkestra", "size": "2"]),
                                               fieldManager: "orkestra")
            #expect(changed.value(atDotted: "data.size") == "2")
            do {
                _ = try await kube.apply(resource, configMap("applied", ns, data: ["size": "5"]), fieldManager: "someone-else")
                Issue.record("a conflicting apply must fail")
            } catch let error as KubeError {
                #expect(error.kind == .conflict)
                #expect(error.message.contains("orkestra"))
            }
            let forced = try await kube.apply(resource, configMap("applied", ns, data: ["size": "5"]),
                                              fieldManager: "someone-else", force: true)
            #expect(forced.value(atDotted: "data.size") == "5")
            let managers = (forced.value(atDotted: "metadata.managedFields")?.arrayValue ?? []).compactMap { $0["manager"]?.stringValue }
            #expect(Set(managers) == ["orkestra", "someone-else"])
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func pagingOverMoreThanAThousandObjectsAndMetadataOnlyLists(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        for index in stride(from: worker, to: 1050, by: 16) {
                            var object = configMap("cm-\(index)", ns, data: ["payload": .string(String(repeating: "x", count: 200))])
                            object = object.setting("paging", at: ["metadata", "labels", "test"]) ?? object
                            _ = try await kube.create(TestCluster.configMaps, namespace: ns, object)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await kube.listAll(TestCluster.configMaps, namespace: ns, options: .init(labelSelector: "test=paging"),
                                             pageSize: 100)
            let names = all.items.compactMap { $0.value(atDotted: "metadata.name")?.stringValue }
            #expect(names.count == 1050)
            #expect(Set(names).count == 1050)
            let firstPage = try await kube.list(TestCluster.configMaps, namespace: ns,
                                                options: .init(labelSelector: "test=paging", limit: 100))
            #expect(firstPage.items.count == 100 && !firstPage.continueToken.isEmpty)
            let metadata = try await kube.list(TestCluster.configMaps, namespace: ns,
                                               options: .init(labelSelector: "test=paging", limit: 5), metadataOnly: true)
            #expect(metadata.items.count == 5)
            #expect(metadata.items.allSatisfy { $0["kind"] == "PartialObjectMetadata" && $0["data"] == nil })
            let fields = try await kube.list(TestCluster.configMaps, namespace: ns,
                                             options: .init(fieldSelector: "metadata.name=cm-7"))
            #expect(fields.items.count == 1)
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func watchResumesFromAResourceVersionAndTooOldVersionsAreGone(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            let resource = TestCluster.configMaps
            let start = try await kube.list(resource, namespace: ns).resourceVersion
            for index in 0..<3 { _ = try await kube.create(resource, namespace: ns, configMap("w\(index)", ns)) }
            // First watch: the three ADDED events after `start`.
            var seen: [String] = []
            var last = start
            // The server ends a watch at timeoutSeconds: long enough for a loaded server to deliver (the
            // loops end as soon as they have what they wait for).
            for try await event in try await kube.watch(resource, namespace: ns, options: .init(resourceVersion: start, timeoutSeconds: 30)) {
                // Only our objects: the real controller manager adds kube-root-ca.crt to every namespace.
                let name = event.object.value(atDotted: "metadata.name")?.stringValue ?? ""
                if event.type == .added, name.hasPrefix("w") { seen.append(name) }
                last = event.resourceVersion
                if seen.count == 3 { break }
            }
            #expect(seen == ["w0", "w1", "w2"])
            // Resume: only what happened after `last`, no duplicates.
            _ = try await kube.patch(resource, namespace: ns, name: "w1", .merge(["data": ["a": "2"]]))
            try await kube.delete(resource, namespace: ns, name: "w2")
            var resumed: [String] = []
            for try await event in try await kube.watch(resource, namespace: ns, options: .init(resourceVersion: last, timeoutSeconds: 30)) {
                let name = event.object.value(atDotted: "metadata.name")?.stringValue ?? ""
                if event.type != .bookmark, name.hasPrefix("w") {
                    resumed.append("\(event.type.rawValue) \(name)")
                }
                if resumed.count == 2 { break }
            }
            #expect(resumed == ["MODIFIED w1", "DELETED w2"])
            // Metadata-only watch.
            for try await event in try await kube.watch(resource, namespace: ns, options: .init(resourceVersion: start, timeoutSeconds: 30),
                                                        metadataOnly: true) {
                #expect(event.object["kind"] == "PartialObjectMetadata")
                #expect(event.object["data"] == nil)
                break
            }
            // A version older than the API server's watch cache (which starts when the server does and
            // is sized dynamically in 1.20, so recent history stays servable) answers 410 Gone. The
            // sandbox keeps its whole history since it started, so the test expires it first.
            if let sandbox = cluster.sandbox { await sandbox.store.expireHistory() }
            do {
                for try await _ in try await kube.watch(resource, namespace: ns, options: .init(resourceVersion: "1", timeoutSeconds: 2)) {}
                Issue.record("expected 410 Gone for a compacted resourceVersion")
            } catch let error as KubeError {
                #expect(error.kind == .gone, "\(error)")
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func deletePropagationRemovesDependents(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            let deployments = try await kube.resource(apiVersion: "apps/v1", kind: "Deployment")
            let labels: JSONValue = ["app": "web"]
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": .string(ns)],
                "spec": ["replicas": 1, "selector": ["matchLabels": labels],
                         "template": ["metadata": ["labels": labels], "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]]]],
            ]
            let created = try await kube.create(deployments, namespace: ns, deployment)
            let uid = created.value(atDotted: "metadata.uid") ?? .null
            // A dependent of our own (the sandbox runs no Deployment controller, so no ReplicaSets).
            var dependent = configMap("web-owned", ns)
            dependent = dependent.setting([["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": uid]],
                                          at: ["metadata", "ownerReferences"]) ?? dependent
            _ = try await kube.create(TestCluster.configMaps, namespace: ns, dependent)
            try await kube.delete(deployments, namespace: ns, name: "web", options: .init(propagationPolicy: .foreground))
            let collected = try await eventually(timeout: .seconds(90)) {
                let owned = try? await kube.get(TestCluster.configMaps, namespace: ns, name: "web-owned")
                let owner = try? await kube.get(deployments, namespace: ns, name: "web")
                return owned == nil && owner == nil
            }
            #expect(collected)
            // Preconditions: a wrong UID refuses the delete.
            _ = try await kube.create(TestCluster.configMaps, namespace: ns, configMap("guarded", ns))
            await #expect(throws: KubeError.self) {
                try await kube.delete(TestCluster.configMaps, namespace: ns, name: "guarded", options: .init(preconditionUID: "wrong"))
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func transientFailuresFromAFaultyProxyAreRetried(_ target: ConformanceTarget) async throws {
        let cluster = try await TestCluster.start(target)
        defer { Task { await cluster.stop() } }
        let config = cluster.config
        let real = try HTTPClientTransport(config: config)
        for status in [429, 503] {
            let faulty = FaultyTransport(inner: real, status: status, failures: 2)
            let kube = try KubeClient(config: config, transport: faulty, retry: .init(baseDelay: .milliseconds(10)))
            let version = try await kube.serverVersion()
            #expect(version["gitVersion"]?.stringValue?.hasPrefix("v1.") == true)
        }
        let exhausted = try KubeClient(config: config, transport: FaultyTransport(inner: real, status: 503, failures: 10),
                                       retry: .init(maxAttempts: 3, baseDelay: .milliseconds(1)))
        await #expect(throws: KubeError.self) { try await exhausted.serverVersion() }
        await real.shutdown()
    }

    @Test(arguments: ConformanceTarget.available)
    func rotatedTokenFilesAreReRead(_ target: ConformanceTarget) async throws {
        // The sandbox accepts anonymous requests, so only the real server can refuse a bad token.
        guard target == .cluster else { return }
        let cluster = try await TestCluster.start(target)
        defer { Task { await cluster.stop() } }
        var config = cluster.config
        guard case .token(let token) = config.credentials else {
            Issue.record("kube-local's kubeconfig should carry a token")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ork-token-\(UUID().uuidString)")
        try Data("not-a-valid-token".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        config.credentials = .tokenFile(file.path)
        let kube = try KubeClient(config: config, retry: .none)
        do {
            _ = try await kube.list(TestCluster.configMaps, namespace: "default")
            Issue.record("an invalid token must be refused")
        } catch let error as KubeError {
            #expect(error.kind == .unauthorized)
        }
        try Data(token.utf8).write(to: file)  // the "rotation"
        _ = try await kube.list(TestCluster.configMaps, namespace: "default")
        await kube.shutdown()
    }

    @Test(arguments: ConformanceTarget.available)
    func objectsAreWireCompatibleWithKubectl(_ target: ConformanceTarget) async throws {
        guard TestCluster.kubectlAvailable else {
            Issue.record("kubectl not found: set ORK_KUBECTL (scripts/kube-local env exports it)")
            return
        }
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            _ = try await kube.create(TestCluster.configMaps, namespace: ns, configMap("from-swift", ns, data: ["k": "é😀 \"q\""]))
            let read = try JSONValue.parse(try cluster.kubectl(["get", "configmap", "from-swift", "-n", ns, "-o", "json"]))
            #expect(read.value(atDotted: "data.k") == "é😀 \"q\"")
            _ = try cluster.kubectl(["apply", "--server-side", "-f", "-"], input: """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: from-kubectl, namespace: \(ns)}
                data: {num: "42", list: "[1, 2]"}
                """)
            let object = try await kube.get(TestCluster.configMaps, namespace: ns, name: "from-kubectl")
            #expect(object["data"] == ["num": "42", "list": "[1, 2]"])
            #expect((object.value(atDotted: "metadata.managedFields")?.arrayValue ?? []).contains { $0["manager"] == "kubectl" })
        }
    }
}
