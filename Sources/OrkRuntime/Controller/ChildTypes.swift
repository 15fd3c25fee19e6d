import OrkValue
import OrkKatalog
import OrkKube

/// The API resources one CRD's children are applied as, resolved through discovery, and the
/// manifest builder configured with them: each built-in kind at the first of its
/// `compatibleVersions` the server serves (Kubernetes 1.20 serves CronJob only as batch/v1beta1),
/// each `custom` kind at its declared apiVersion with the scope and plural the server reports.
struct ChildTypes: Sendable {
    var builder = ChildManifestBuilder()
    /// Every resource a child of this CRD can be (the child caches watch exactly these).
    var resources: [APIResource] = []

    /// Resolves every kind used by `entries`; throws the discovery error naming the kind that is not served.
    static func resolve(_ entries: [ChildEntry], client: KubeClient) async throws(ChildTypeError) -> ChildTypes {
        var types = ChildTypes()
        var seen = Set<String>()
        for entry in entries {
            if entry.kind == .custom {
                guard let apiVersion = entry.fields["apiVersion"]?.stringValue, !apiVersion.contains("{{"),
                      let kind = entry.fields["kind"]?.stringValue, !kind.contains("{{") else { continue }
                guard seen.insert("custom/\(apiVersion)/\(kind)").inserted else { continue }
                do {
                    let resource = try await client.resource(apiVersion: apiVersion, kind: kind)
                    types.builder.register(customType: ResourceType(
                        group: resource.group, version: resource.version, kind: resource.kind,
                        resource: resource.resource, namespaced: resource.namespaced))
                    types.add(resource)
                } catch {
                    throw ChildTypeError(kind: "\(kind) (\(apiVersion))", message: error.description)
                }
                continue
            }
            guard seen.insert(entry.kind.rawValue).inserted, let type = entry.kind.resourceType else { continue }
            var lastError: KubeError?
            var resolved = false
            for version in entry.kind.compatibleVersions {
                do {
                    let apiVersion = type.group.isEmpty ? version : "\(type.group)/\(version)"
                    let resource = try await client.resource(apiVersion: apiVersion, kind: type.kind)
                    if version != type.version { types.builder.overrideVersion(version, for: entry.kind) }
                    types.add(resource)
                    resolved = true
                    break
                } catch {
                    lastError = error
                }
            }
            if !resolved {
                throw ChildTypeError(kind: type.kind, message: lastError?.description ?? "no compatible version is served")
            }
        }
        return types
    }

    mutating func add(_ resource: APIResource) {
        if !resources.contains(where: { $0.group == resource.group && $0.resource == resource.resource }) {
            resources.append(resource)
        }
    }

    /// The resource a built manifest is applied to.
    func resource(for manifest: ChildManifest) -> APIResource {
        let type = manifest.resourceType
        if let known = resources.first(where: { $0.group == type.group && $0.kind == type.kind }) { return known }
        return APIResource(group: type.group, version: type.version, resource: type.resource, kind: type.kind,
                           namespaced: type.namespaced)
    }
}

/// A child kind the API server does not serve (or discovery failed for it).
struct ChildTypeError: Error, Sendable, CustomStringConvertible {
    var kind: String
    var message: String
    var description: String { "cannot resolve child kind \(kind): \(message)" }
}
