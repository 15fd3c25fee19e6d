import OrkKatalog
import OrkValue

/// Converts CRs between the versions of one CRD along the Katalog's declared `conversion.paths`.
///
/// The target object is the source with `apiVersion` changed, the path's `drop` fields removed
/// from `spec`, and the path's `spec` tree (templates rendered against the source object) merged
/// over `spec`. Everything the path does not mention — other spec fields, metadata, status — is
/// preserved, so an object converted there and back is unchanged when the two paths mirror each
/// other. An undeclared pair fails with the YAML to add to the Katalog.
public struct ObjectConverter: Sendable {
    struct CompiledPath: Sendable {
        var path: ConversionPath
        var tree: TemplateTree
    }

    public let entry: CRDEntry
    private let paths: [String: CompiledPath]

    /// Compiles the entry's paths; the error names the path whose template does not parse.
    public init(entry: CRDEntry) throws(WebhookError) {
        self.entry = entry
        var paths: [String: CompiledPath] = [:]
        for path in entry.conversion?.paths ?? [] {
            do {
                paths["\(path.from)>\(path.to)"] = CompiledPath(path: path, tree: try TemplateTree(path.spec))
            } catch {
                throw WebhookError("crds.\(entry.key).conversion path \(path.from) → \(path.to): \(error.description)")
            }
        }
        self.paths = paths
    }

    /// `object` as `desiredAPIVersion`.
    public func convert(_ object: JSONValue, to desiredAPIVersion: String) throws(WebhookError) -> JSONValue {
        guard case .object(var fields) = object else { throw WebhookError("an object to convert is not a JSON object") }
        let sourceAPIVersion = fields["apiVersion"]?.stringValue ?? ""
        let name = object.value(atDotted: "metadata.name")?.stringValue ?? "?"
        guard sourceAPIVersion != desiredAPIVersion else { return object }
        let from = Self.version(sourceAPIVersion), to = Self.version(desiredAPIVersion)
        guard let compiled = paths["\(from)>\(to)"] else {
            throw WebhookError("""
                \(entry.api.kind) \(name): no conversion path from \(from) to \(to) in Katalog entry \(entry.key); add:
                  conversion:
                    paths:
                      - from: \(from)
                        to: \(to)
                        spec: {}   # fields of \(to) as templates over the \(from) object, e.g. size: "{{ .spec.replicas }}"
                """)
        }
        var spec = fields["spec"] ?? .object([:])
        for field in compiled.path.drop {
            spec = spec.removing(at: JSONValue.splitPath(field)[...])
        }
        let rendered: JSONValue
        do {
            rendered = try compiled.tree.render(object)
        } catch {
            throw WebhookError("\(entry.api.kind) \(name): conversion \(from) → \(to): spec.\(error.description)")
        }
        fields["spec"] = JSONMergePatch.apply(rendered, to: spec)
        fields["apiVersion"] = .string(desiredAPIVersion)
        return .object(fields)
    }

    static func version(_ apiVersion: String) -> String {
        apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
    }
}
