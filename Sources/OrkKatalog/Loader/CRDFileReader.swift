import OrkValue

/// Reads a `crdFile`: every CustomResourceDefinition document in it, with group, versions, kind,
/// plural and scope.
struct CRDFileReader {
    let context: LoaderContext

    /// The CRDs in `text` (documents of other kinds are ignored).
    func definitions(in documents: [YAMLNode], file: String, field: String) -> [CRDInfo] {
        var result: [CRDInfo] = []
        for document in documents {
            guard document["kind"]?.scalar?.text == "CustomResourceDefinition" else { continue }
            if let info = definition(document, file: file, field: field) { result.append(info) }
        }
        return result
    }

    func definition(_ document: YAMLNode, file: String, field: String) -> CRDInfo? {
        let json = document.jsonValue
        func missing(_ path: String) -> CRDInfo? {
            context.error("the CRD in \(file) has no \(path)", at: document.position, field: field)
            return nil
        }
        guard let group = json.value(atDotted: "spec.group")?.stringValue, !group.isEmpty else { return missing("spec.group") }
        guard let kind = json.value(atDotted: "spec.names.kind")?.stringValue, !kind.isEmpty else {
            return missing("spec.names.kind")
        }
        guard let plural = json.value(atDotted: "spec.names.plural")?.stringValue, !plural.isEmpty else {
            return missing("spec.names.plural")
        }
        let scope = json.value(atDotted: "spec.scope")?.stringValue ?? "Namespaced"
        guard scope == "Namespaced" || scope == "Cluster" else {
            context.error("the CRD in \(file) has scope \"\(scope)\"", at: document.position, field: field,
                          hint: "use Namespaced or Cluster")
            return nil
        }
        var versions: [CRDVersion] = []
        var schemas: [String: JSONValue] = [:]
        for version in json.value(atDotted: "spec.versions")?.arrayValue ?? [] {
            guard let name = version["name"]?.stringValue else { continue }
            versions.append(CRDVersion(
                name: name, served: version["served"]?.boolValue ?? true, storage: version["storage"]?.boolValue ?? false,
                statusSubresource: version.value(atDotted: "subresources.status") != nil))
            if let schema = version.value(atDotted: "schema.openAPIV3Schema") { schemas[name] = schema }
        }
        guard !versions.isEmpty else { return missing("spec.versions") }
        if versions.filter(\.storage).count != 1 {
            context.error("the CRD \(plural).\(group) in \(file) must mark exactly one version storage: true",
                          at: document.position, field: field)
        }
        return CRDInfo(group: group, kind: kind, plural: plural,
                       singular: json.value(atDotted: "spec.names.singular")?.stringValue,
                       namespaced: scope == "Namespaced", versions: versions, schemas: schemas)
    }
}
