import OrkValue

/// The discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`, `/version`) built
/// from the store's registry, so CRDs appear and disappear as they are created and deleted.
enum DiscoveryDocuments {
    static func version() -> JSONValue {
        ["major": "1", "minor": "21", "gitVersion": "v1.21.0-orkestra-sandbox", "gitCommit": "", "gitTreeState": "clean",
         "buildDate": "2026-01-01T00:00:00Z", "goVersion": "n/a", "compiler": "swift", "platform": "linux/amd64"]
    }

    static func coreVersions(serverAddress: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    static func groups(_ groups: [SandboxAPIGroup]) -> JSONValue {
        let entries: [JSONValue] = groups.filter { !$0.name.isEmpty }.sorted { $0.name < $1.name }.map { group in
            let versions: [JSONValue] = group.versions.map {
                ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
            }
            return ["name": .string(group.name), "versions": .array(versions), "preferredVersion": versions.first ?? .null]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(entries)]
    }

    /// The resources of one group/version, or nil when the group/version is not served.
    static func resourceList(group: String, version: String, _ resources: [SandboxResource]) -> JSONValue? {
        let served = resources.filter { $0.group == group && $0.version == version }
        guard !served.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in served.sorted(by: { $0.plural < $1.plural }) {
            entries.append([
                "name": .string(resource.plural),
                "singularName": .string(resource.singular.isEmpty ? resource.kind.lowercased() : resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(resource.verbs.map(JSONValue.string)),
                "shortNames": .array(resource.shortNames.map(JSONValue.string)),
                "categories": .array(resource.categories.map(JSONValue.string)),
            ])
            if resource.hasStatusSubresource {
                entries.append(["name": .string("\(resource.plural)/status"), "singularName": "",
                                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                                "verbs": ["get", "patch", "update"]])
            }
            if SandboxEngine.servesScale(resource) {
                entries.append(["name": .string("\(resource.plural)/scale"), "singularName": "",
                                "namespaced": .bool(resource.namespaced), "group": "autoscaling", "version": "v1",
                                "kind": "Scale", "verbs": ["get", "patch", "update"]])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1",
                "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(entries)]
    }
}
