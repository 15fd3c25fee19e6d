import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkStats
import OrkValue

/// `ork-bench peer-writes`: the writes of the peers' job (`scripts/bench peers`) sent by a plain
/// client, no operator around them — one list of the Foos, then for each Foo its Deployment and one
/// status patch, `concurrency` Foos at a time — so the benchmark can show what the control plane
/// of this machine takes at most, whatever the operator. The Deployments are rendered from the
/// same Katalog `ork run` is given, with the same owner reference and labels, and sent as `ork run`
/// sends them (`--mode apply`: server-side apply, forced, field manager `orkestra`) or as a plain
/// create (`--mode create`). After the last write it waits, idle, until it is stopped, so the
/// benchmark can read its CPU and peak RSS as it does an operator's.
struct PeerWrites {
    enum Mode: String {
        case apply, create
    }

    var katalogFile: String
    var namespace: String
    var concurrency = 64
    var mode = Mode.apply

    func run() async throws {
        let load = RuntimeLoad(server: "kubeconfig", katalogFile: katalogFile)
        let client = try load.client()
        guard let entry = try load.katalog().crds.first else { throw BootstrapError("\(katalogFile) declares no CRD") }
        let children = try (entry.operatorBox.onCreate + entry.operatorBox.onReconcile).map { try CompiledChild($0) }
        let foos = try await client.resource(apiVersion: entry.api.apiVersion, kind: entry.api.kind)
        let builder = ChildManifestBuilder()
        var resolved: [String: APIResource] = [:]
        for child in children {
            guard let type = builder.resourceType(for: child.entry.kind) else {
                throw BootstrapError("no resource type for \(child.entry.kind.rawValue)")
            }
            resolved[child.entry.kind.rawValue] = try await client.resource(apiVersion: type.apiVersion, kind: type.kind)
        }
        let resources = resolved
        let clock = ContinuousClock()
        let start = clock.now
        let list = try await client.listAll(foos, namespace: namespace)
        let items = list.items
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, foo) in items.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask {
                    let owner = try ChildOwner(cr: foo)
                    for child in children {
                        let manifest = try builder.manifest(for: try child.render(foo), owner: owner)
                        guard let resource = resources[child.entry.kind.rawValue] else { continue }
                        switch mode {
                        case .apply:
                            _ = try await client.apply(resource, manifest.object, fieldManager: OrkNames.fieldManager, force: true)
                        case .create:
                            _ = try await client.create(resource, namespace: manifest.namespace, manifest.object,
                                                        fieldManager: OrkNames.fieldManager)
                        }
                    }
                    _ = try await client.patch(foos, namespace: owner.namespace, name: owner.name,
                                               .merge(["status": Self.status(of: foo)]), subresource: "status")
                }
            }
            try await group.waitForAll()
        }
        let seconds = String(format: "%.2f", (clock.now - start).seconds)
        // Written at once, not buffered: the process then idles until it is killed, which would lose it.
        StandardStream.output.write("peer-writes: \(items.count) Foos (\(mode.rawValue)), \(children.count + 1) writes each, in \(seconds) s\n")
        await client.shutdown()
    }

    /// The status `ork run` writes for a Foo of peers/ork/katalog.yaml: the observed generation, a
    /// Ready condition (StatusBuilder's) and the Katalog's one status field, `availableReplicas: 0`
    /// — written here as a constant, so a change of that Katalog's status fields must change it too.
    static func status(of foo: JSONValue) -> JSONValue {
        let generation = foo.value(atDotted: "metadata.generation") ?? 1
        return [
            "availableReplicas": 0,
            "observedGeneration": generation,
            "conditions": [[
                "type": "Ready", "status": "True", "reason": "Reconciled", "message": "all children are applied",
                "observedGeneration": generation, "lastTransitionTime": .string(APIFormat.timestamp(Date())),
            ]],
        ]
    }
}
