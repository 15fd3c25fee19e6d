import OrkValue

/// `custom` children: any kind; `spec`, `data`, `stringData` and `rules` are copied as written.
enum CustomManifest {
    static func body(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        for key in ["spec", "data", "stringData", "rules"] {
            if let value = context.child.fields[key], !value.isNull { body[key] = value }
        }
        return body
    }
}
