import OrkKatalog
import OrkValue
import Testing
@testable import OrkRuntime

/// The ownership decision table (R9): a child is written only when absent or this CR's own.
@Suite struct ChildOwnershipTests {
    static let mine = "uid-mine"
    static let other = "uid-other"

    static func object(labels: [String: String] = [:], references: [JSONValue] = []) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": "web", "namespace": "ns", "uid": "uid-object",
                                             "labels": .object(labels.mapValues(JSONValue.string))]
        if !references.isEmpty { metadata["ownerReferences"] = .array(references) }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata)]
    }

    static func reference(_ uid: String, kind: String = "Website", name: String = "site", controller: Bool = true) -> JSONValue {
        ["apiVersion": "demo/v1", "kind": .string(kind), "name": .string(name), "uid": .string(uid), "controller": .bool(controller)]
    }

    static let labelledMine = [OrkNames.managedLabel: "true", OrkNames.ownerUIDLabel: mine]

    @Test func decisionTable() {
        let rows: [(String, JSONValue?, ChildOwnership)] = [
            ("absent", nil, .absent),
            ("our labels and reference", Self.object(labels: Self.labelledMine, references: [Self.reference(Self.mine)]), .ours),
            ("our owner-uid label (cluster-scoped: no reference)", Self.object(labels: Self.labelledMine), .ours),
            ("our controller reference, labels removed by someone", Self.object(references: [Self.reference(Self.mine)]), .ours),
            ("our label beside a non-controller reference of someone else",
             Self.object(labels: Self.labelledMine, references: [Self.reference(Self.other, controller: false)]), .ours),
            ("another CR's label and reference",
             Self.object(labels: [OrkNames.managedLabel: "true", OrkNames.ownerUIDLabel: Self.other],
                         references: [Self.reference(Self.other, kind: "Alpha", name: "dup")]),
             .foreign(owner: "already belongs to Alpha ns/dup (uid uid-other)")),
            ("another CR's label, no reference",
             Self.object(labels: [OrkNames.ownerUIDLabel: Self.other]),
             .foreign(owner: "already belongs to another resource (owner uid uid-other)")),
            ("our label copied onto an object another controller owns",
             Self.object(labels: Self.labelledMine, references: [Self.reference(Self.other, kind: "ReplicaSet", name: "rs")]),
             .foreign(owner: "already belongs to ReplicaSet ns/rs (uid uid-other)")),
            ("hand-made, unlabelled", Self.object(), .foreign(owner: ChildOwnership.unmanaged)),
            ("only the managed label", Self.object(labels: [OrkNames.managedLabel: "true"]), .foreign(owner: ChildOwnership.unmanaged)),
            ("a non-controller reference to us only", Self.object(references: [Self.reference(Self.mine, controller: false)]),
             .foreign(owner: ChildOwnership.unmanaged)),
        ]
        for (name, existing, expected) in rows {
            #expect(ChildOwnership.decide(existing, ownerUID: Self.mine) == expected, "\(name)")
        }
    }

    @Test func unmanagedMessageSaysSo() {
        #expect(ChildOwnership.unmanaged.contains("not managed by Orkestra"))
    }
}

/// The finalizer gate (R9): the finalizer goes only when every child cache has synced and no
/// cluster-scoped or other-namespace child is left on the API server.
@Suite struct FinalizerGateTests {
    static let clusterRole = ChildIdentity(group: "rbac.authorization.k8s.io", resource: "clusterroles", namespace: "",
                                           name: "reader")

    @Test func opensOnlyWhenSyncedAndNothingRemains() {
        #expect(FinalizerGate(unsynced: [], remaining: []) == .open)
        #expect(FinalizerGate(unsynced: ["rbac.authorization.k8s.io/clusterroles"], remaining: [])
                == .cachesNotSynced(["rbac.authorization.k8s.io/clusterroles"]))
        #expect(FinalizerGate(unsynced: [], remaining: [Self.clusterRole]) == .childrenRemain([Self.clusterRole]))
        // Unsynced caches are reported first: nothing is judged from a cache that never listed.
        #expect(FinalizerGate(unsynced: ["/configmaps"], remaining: [Self.clusterRole]) == .cachesNotSynced(["/configmaps"]))
        #expect(FinalizerGate(unsynced: [], remaining: [Self.clusterRole]).description
                == "waiting for clusterroles.rbac.authorization.k8s.io/reader to be gone")
    }
}
