import OrkValue

/// ConfigMaps and Secrets.
///
/// Secret data: `stringData` holds plain text and `data` holds base64, exactly as in Kubernetes
/// (a `data` value that is not valid base64 is an error naming the key; write plain text under
/// `stringData`, or pipe through `b64enc`). The builder merges `stringData` into `data`
/// (base64-encoded, `stringData` winning on a shared key, as the API server does) and emits only
/// `data`, so the applied object and its hash are canonical and no write-only field is applied.
enum ConfigManifests {
    static func configMap(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var body: [String: JSONValue] = [:]
        let data = try fields.stringMap("data") ?? [:]
        try checkKeys(data.keys, field: "data")
        if !data.isEmpty { body["data"] = .object(data.mapValues(JSONValue.string)) }
        let binary = try fields.stringMap("binaryData") ?? [:]
        try checkKeys(binary.keys, field: "binaryData")
        for (key, value) in binary where !KubernetesSyntax.isBase64(value) {
            throw ChildRenderError(field: "binaryData.\(key)", message: "is not valid base64")
        }
        for key in binary.keys where data[key] != nil {
            throw ChildRenderError(field: "binaryData.\(key)", message: "is also a key of data")
        }
        if !binary.isEmpty { body["binaryData"] = .object(binary.mapValues(JSONValue.string)) }
        if let immutable = try fields.bool("immutable") { body["immutable"] = .bool(immutable) }
        return body
    }

    static func secret(_ context: ManifestContext) throws(ChildRenderError) -> [String: JSONValue] {
        let fields = context.fields
        var body: [String: JSONValue] = ["type": .string(try fields.string("type") ?? "Opaque")]
        var data = try fields.stringMap("data") ?? [:]
        try checkKeys(data.keys, field: "data")
        for (key, value) in data where !KubernetesSyntax.isBase64(value) {
            throw ChildRenderError(field: "data.\(key)",
                                   message: "is not valid base64 (put plain text under stringData, or use b64enc)")
        }
        let plain = try fields.stringMap("stringData") ?? [:]
        try checkKeys(plain.keys, field: "stringData")
        for (key, value) in plain { data[key] = Base64.encode(value.utf8) }
        if !data.isEmpty { body["data"] = .object(data.mapValues(JSONValue.string)) }
        if let immutable = try fields.bool("immutable") { body["immutable"] = .bool(immutable) }
        return body
    }

    /// ConfigMap and Secret keys: `[-._a-zA-Z0-9]+`, at most 253, not `.` or `..`.
    static func checkKeys(_ keys: some Sequence<String>, field: String) throws(ChildRenderError) {
        for key in keys {
            let valid = !key.isEmpty && key.utf8.count <= 253 && key != "." && key != ".."
                && key.utf8.allSatisfy { c in
                    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x2E
                }
            guard valid else { throw ChildRenderError(field: "\(field).\(key)", message: "\"\(key)\" is not a valid key ([-._a-zA-Z0-9]+)") }
        }
    }
}
