import OrkValue

/// Decodes `allowedNamespaces` and `restrictedNamespaces` (of `spec.security.namespaceProtection` or
/// of a CRD): lists of namespace names (lowercase DNS labels), none in both lists.
struct NamespaceRulesDecoder {
    let context: LoaderContext

    func rules(_ reader: FieldReader) -> NamespaceRules {
        let allowed = names(reader, "allowedNamespaces")
        let restricted = names(reader, "restrictedNamespaces")
        for name in allowed where restricted.contains(name) {
            context.error("namespace \"\(name)\" is both allowed and restricted", at: reader.position("restrictedNamespaces"),
                          field: reader.field("restrictedNamespaces"), hint: "keep it in one of the two lists")
        }
        return NamespaceRules(allowed: allowed, restricted: restricted.filter { !allowed.contains($0) })
    }

    private func names(_ reader: FieldReader, _ key: String) -> [String] {
        var names: [String] = []
        for name in reader.stringList(key) ?? [] {
            guard CRDEntryDecoder.isValidKey(name) else {
                context.error("\"\(name)\" is not a namespace name (a lowercase DNS label)", at: reader.position(key),
                              field: reader.field(key))
                continue
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
