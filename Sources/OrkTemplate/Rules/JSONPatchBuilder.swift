import OrkValue

/// Builds the patch forms of a mutation: RFC 6902 operations (merge patches come from `JSONMergePatch.diff`).
enum JSONPatchBuilder {
    /// One RFC 6902 operation object.
    static func operation(_ op: String, pointer: String, value: JSONValue) -> JSONValue {
        .object(["op": .string(op), "path": .string(pointer), "value": value])
    }
}
