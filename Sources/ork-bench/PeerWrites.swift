import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
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
        let client = try RuntimeLoad(server: "kubeconfig", katalogFile: katalogFile).client()
        let result = KatalogLoader.load(file: katalogFile)
        guard let katalog = result.katalog, !result.hasErrors, let entry = katalog.crds.first else {
            throw BootstrapError("\(katalogFile) does not load, or declares no CRD")
        }
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
        print(String(format: "peer-writes: %d Foos (%@), %d writes each, in %.2f s", items.count, mode.rawValue,
                     children.count + 1, (clock.now - start).seconds))
        await client.shutdown()
    }

    /// The status `ork run` writes for a Foo of peers/ork/katalog.yaml: its declared field, the
    /// observed generation and a Ready condition.
    static func status(of foo: JSONValue) -> JSONValue {
        let generation = foo.value(atDotted: "metadata.generation") ?? 1
        return [
            "availableReplicas": 0,
            "observedGeneration": generation,
            "conditions": [[
                "type": "Ready", "status": "True", "reason": "Reconciled", "message": "all children applied",
                "observedGeneration": generation, "lastTransitionTime": .string(Self.timestamp()),
            ]],
        ]
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
