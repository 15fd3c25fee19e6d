import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkStats
import OrkTestSupport
import OrkValue
import Testing

/// R9 items 5–7 against the sandbox and the real API server (Katalogs/safety.yaml): the old
/// leader writes nothing after the new leader's first write, an object that is not ours is never
/// written, and a deleted CR keeps its finalizer until its cluster-scoped child is gone even when
/// that child's watch is stalled. Faults are injected on each replica's road to the API server
/// (`ReplicaTransport`), which works in front of both.
@Suite(.serialized)
struct SafetyScenarioTests {
    static let apiVersion = "safety.orkestra.io/v1"
    static let katalogFile = "\(RuntimeHarness.repositoryRoot)/Tests/RuntimeScenarioTests/Katalogs/safety.yaml"
    static let clusterRoles = APIResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles",
                                          kind: "ClusterRole", namespaced: false)

    static func warden(_ name: String, spec: JSONValue) -> JSONValue {
        ["apiVersion": .string(apiVersion), "kind": "Warden", "metadata": ["name": .string(name)], "spec": spec]
    }

    static func replica(_ pod: String) -> (inout RuntimeConfiguration) -> Void {
        { configuration in
            configuration.pod = PodIdentity(name: pod, ip: "127.0.0.1")
            // Short enough for a quick takeover, with room for renewals on a loaded machine.
            configuration.leaseDuration = .seconds(6)
            configuration.renewDeadline = .seconds(4)
            configuration.retryPeriod = .seconds(1)
        }
    }

    /// The Lease holder's pod name (its identity without the random suffix).
    static func holder(_ harness: RuntimeHarness) async throws -> String? {
        let lease = try await harness.get("coordination.k8s.io/v1", "Lease", "orkestra-runtime-test")
        guard let identity = lease?.value(atDotted: "spec.holderIdentity")?.stringValue, !identity.isEmpty else { return nil }
        return identity.split(separator: "-").dropLast().joined(separator: "-")
    }

    static func level(_ harness: RuntimeHarness, _ name: String) async throws -> String? {
        try await harness.get("v1", "ConfigMap", name)?.value(atDotted: "data.level")?.stringValue
    }

    /// Two replicas; the leader's PATCH of a child is held on its road while its Lease renewals fail.
    /// The fence cancels the held write before it is ever sent, the follower takes over and writes,
    /// and the ledger of every write that landed shows none from the old leader after the new
    /// leader's first (its Lease takeover).
    @Test(arguments: ConformanceTarget.available)
    func oldLeaderWritesNothingAfterTheNewLeadersFirstWrite(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let katalog = try RuntimeHarness.load(file: Self.katalogFile)
            let ledger = WriteLedger()
            let roadA = ReplicaTransport(replica: "replica-a", inner: cluster.client.transport, ledger: ledger)
            let roadB = ReplicaTransport(replica: "replica-b", inner: cluster.client.transport, ledger: ledger)
            let a = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace,
                                                   client: try KubeClient(config: cluster.config, transport: roadA),
                                                   configure: Self.replica("replica-a"))
            #expect(try await eventually { try await Self.holder(a) == "replica-a" })
            let b = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace,
                                                   client: try KubeClient(config: cluster.config, transport: roadB),
                                                   configure: Self.replica("replica-b"))
            _ = try await a.apply(Self.warden("w1", spec: ["level": 1]))
            #expect(try await eventually { try await Self.level(a, "w1-settings") == "1" })
            // Replica-a's reconcile of level 1 is over (its status written, none of its writes on the
            // road): a write still in flight when the fence cuts it would have an unknown outcome
            // (run 18, a loaded machine: the status PATCH was still on its way).
            #expect(try await eventually {
                let warden = try await a.get(Self.apiVersion, "Warden", "w1")
                let settled = warden?.value(atDotted: "status.observedGeneration") == warden?.value(atDotted: "metadata.generation")
                return settled && !ledger.all.contains { if case .inFlight = $0.outcome { true } else { false } }
            }, "replica-a finished reconciling level 1")

            // The leader's next PATCH of the child is held (longer than any takeover), then its renewals fail.
            roadA.update {
                $0.holdPatchesOf = "/configmaps/w1-settings"
                $0.holdFor = .seconds(30)
            }
            _ = try await a.apply(Self.warden("w1", spec: ["level": 2]))
            #expect(try await eventually { ledger.heldCount > 0 }, "replica-a's worker is in the held PATCH")
            roadA.update { $0.failLeaseWrites = true }

            #expect(try await eventually(timeout: .seconds(60)) { try await Self.level(a, "w1-settings") == "2" },
                    "replica-b took over and applied the child")
            #expect(try await Self.holder(a) == "replica-b")
            #expect(try await eventually { !ledger.cancelledHoldRequests.isEmpty },
                    "the held PATCH was cancelled by the fence and never sent")
            await a.stop()
            await b.stop()

            let writes = ledger.all
            let firstOfB = writes.filter { $0.replica == "replica-b" }.compactMap(\.landedVersion).min()
            let newLeaderFirst = try #require(firstOfB, "replica-b wrote: \(writes)")
            // replica-b's first write is its takeover of the Lease: an update of replica-a's that was
            // conditioned on an older version of the Lease can no longer be stored after it.
            let takeover = writes.first { $0.replica == "replica-b" && $0.landedVersion == newLeaderFirst }
            let takeoverIsTheLease = takeover?.request.contains("/leases/") == true
            #expect(writes.contains { $0.replica == "replica-b" && $0.request.contains("/configmaps/w1-settings") })
            let oldLeader = writes.filter { $0.replica == "replica-a" }
            #expect(oldLeader.contains { $0.landedVersion != nil }, "replica-a did write while it led")
            for write in oldLeader {
                switch write.outcome {
                case .landed(let version?):
                    #expect(version < newLeaderFirst, "\(write) landed after replica-b's first write (rv \(newLeaderFirst))")
                case .rejected:
                    continue
                case .unknown where takeoverIsTheLease && write.request.contains("/leases/")
                    && (write.precondition ?? .max) < newLeaderFirst:
                    // Cut off in flight (a renewal's deadline under load): stored before the takeover, or never.
                    continue
                case .landed(nil), .inFlight, .unknown:
                    Issue.record("the outcome of \(write) is not known: it may have landed late")
                }
            }
        }
    }

    /// A ConfigMap made by hand under a child's name: the CR fails with a condition naming it, the
    /// object stays exactly as it was (same resourceVersion and data), and deleting the CR leaves it.
    @Test(arguments: ConformanceTarget.available)
    func unlabelledObjectWithAChildsNameIsLeftAlone(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace)
            let configMaps = try await harness.resource("v1", "ConfigMap")
            let before = try await cluster.client.create(configMaps, namespace: namespace, [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "u1-settings", "labels": ["team": "ops"]],
                "data": ["level": "hand-made", "note": "not Orkestra's"],
            ])
            _ = try await harness.apply(Self.warden("u1", spec: ["level": 3]))
            var message = ""
            #expect(try await eventually {
                let warden = try await harness.get(Self.apiVersion, "Warden", "u1")
                let ready = (warden?.value(atDotted: "status.conditions")?.arrayValue ?? []).first { $0["type"] == "Ready" }
                message = ready?["message"]?.stringValue ?? ""
                return ready?["status"] == "False" && message.contains("not managed by Orkestra")
            }, "Ready names the object: \(message)")
            #expect(message.contains("configmaps \(namespace)/u1-settings"), "\(message)")

            func unchanged() async throws {
                let after = try #require(try await harness.get("v1", "ConfigMap", "u1-settings"))
                #expect(after.value(atDotted: "metadata.resourceVersion") == before.value(atDotted: "metadata.resourceVersion"))
                #expect(after["data"] == before["data"])
                #expect(after.value(atDotted: "metadata.labels") == before.value(atDotted: "metadata.labels"))
                #expect(after.value(atDotted: "metadata.ownerReferences") == nil)
            }
            try await unchanged()
            // Deleting the CR does not take the hand-made object with it.
            try await harness.delete(Self.apiVersion, "Warden", "u1")
            #expect(try await eventually { try await harness.get(Self.apiVersion, "Warden", "u1") == nil })
            try await unchanged()
            await harness.stop()
        }
    }

    /// The ClusterRole child's watch is stalled from the start, so the runtime's cache never sees
    /// the ClusterRole it created. Deleting the CR still finds it (a live list), deletes it, and
    /// keeps the CR's finalizer while the ClusterRole lingers (a test finalizer holds it).
    @Test(arguments: ConformanceTarget.available)
    func finalizerStaysUntilTheClusterRoleIsGone(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let road = ReplicaTransport(replica: "solo", inner: cluster.client.transport, ledger: WriteLedger())
            road.update { $0.stallWatchesOf = "/clusterroles" }
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: Self.katalogFile), cluster: cluster,
                                                         namespace: namespace,
                                                         client: try KubeClient(config: cluster.config, transport: road))
            let role = "\(namespace)-w2-reader"
            func clusterRole() async throws -> JSONValue? {
                do {
                    return try await cluster.client.get(Self.clusterRoles, namespace: nil, name: role)
                } catch where error.kind == .notFound {
                    return nil
                }
            }
            func release() async throws {
                _ = try await cluster.client.patch(Self.clusterRoles, namespace: nil, name: role,
                                                   .merge(["metadata": ["finalizers": .null]]))
            }
            do {
                _ = try await harness.apply(Self.warden("w2", spec: ["clusterRole": true]))
                #expect(try await eventually { try await clusterRole() != nil })
                _ = try await cluster.client.patch(Self.clusterRoles, namespace: nil, name: role,
                                                   .merge(["metadata": ["finalizers": ["test.orkestra.io/hold"]]]))
                try await harness.delete(Self.apiVersion, "Warden", "w2")
                #expect(try await eventually {
                    try await clusterRole()?.value(atDotted: "metadata.deletionTimestamp").map { !$0.isNull } == true
                }, "the runtime deleted the ClusterRole its cache never saw")
                // Two more passes of the finalizer (one per second): the CR keeps its finalizer meanwhile.
                try await Task.sleep(for: .seconds(2))
                let held = try await harness.get(Self.apiVersion, "Warden", "w2")
                let finalizers = (held?.value(atDotted: "metadata.finalizers")?.arrayValue ?? []).compactMap(\.stringValue)
                #expect(finalizers.contains(OrkNames.finalizer), "the CR kept its finalizer while the ClusterRole exists")
                try await release()
                #expect(try await eventually { try await clusterRole() == nil })
                #expect(try await eventually { try await harness.get(Self.apiVersion, "Warden", "w2") == nil },
                        "the finalizer went once the ClusterRole was gone")
            } catch {
                if try await clusterRole() != nil {
                    try? await release()
                    _ = try? await cluster.client.delete(Self.clusterRoles, namespace: nil, name: role)
                }
                await harness.stop()
                throw error
            }
            if try await clusterRole() != nil {
                try? await release()
                _ = try? await cluster.client.delete(Self.clusterRoles, namespace: nil, name: role)
            }
            await harness.stop()
        }
    }

    /// A CR whose values make its rules expensive (a 1 MB text scanned by 80 validation rules: 80 M
    /// evaluation steps) stops its own reconcile at the budget of one reconcile (64 Mi steps), says so
    /// in its Ready condition and gets no child; a short CR of the same CRD converges meanwhile.
    @Test(arguments: ConformanceTarget.available)
    func anExpensiveCRStopsAtTheReconcileBudget(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let file = "\(RuntimeHarness.repositoryRoot)/Tests/RuntimeScenarioTests/Katalogs/budget.yaml"
            let harness = try await RuntimeHarness.start(try RuntimeHarness.load(file: file), cluster: cluster, namespace: namespace)
            func essay(_ name: String, _ text: String) -> JSONValue {
                ["apiVersion": "budget.orkestra.io/v1", "kind": "Essay", "metadata": ["name": .string(name)],
                 "spec": ["text": .string(text)]]
            }
            _ = try await harness.apply(essay("long", String(repeating: "lorem ipsum ", count: 85_000)))
            _ = try await harness.apply(essay("short", "lorem ipsum"))
            #expect(try await eventually { try await harness.get("v1", "ConfigMap", "short-essay") != nil },
                    "the short essay converged")
            var message = ""
            #expect(try await eventually(timeout: .seconds(90)) {
                let long = try await harness.get("budget.orkestra.io/v1", "Essay", "long")
                let ready = (long?.value(atDotted: "status.conditions")?.arrayValue ?? []).first { $0["type"] == "Ready" }
                message = ready?["message"]?.stringValue ?? ""
                return ready?["status"] == "False" && message.contains("evaluation budget")
            }, "the long essay's Ready names the budget: \(message)")
            #expect(try await harness.get("v1", "ConfigMap", "long-essay") == nil)
            await harness.stop()
        }
    }
}
