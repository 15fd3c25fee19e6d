/// Builds the patch forms of a mutation: RFC 6902 operations and RFC 7386 merge patches.
enum JSONPatchBuilder {
    /// One RFC 6902 operation object.
    static func operation(_ op: String, pointer: String, value: JSONValue) -> JSONValue {
        .object(["op": .string(op), "path": .string(pointer), "value": value])
    }

    /// The merge patch turning `original` into `updated`; nil when they are the same JSON.
    /// Objects are diffed key by key; any other difference (including inside lists) replaces the value.
    static func mergePatch(from original: JSONValue, to updated: JSONValue) -> JSONValue? {
        guard case .object(let before) = original, case .object(let after) = updated else {
            // Not a ternary: `cond ? nil : value` would type as JSONValue and turn nil into `.null`.
            if RuleValues.sameJSON(original, updated) { return .none }
            return .some(updated)
        }
        var patch: [String: JSONValue] = [:]
        for (key, newValue) in after {
            if let oldValue = before[key] {
                if let change = mergePatch(from: oldValue, to: newValue) { patch[key] = change }
            } else {
                patch[key] = newValue
            }
        }
        for key in before.keys where after[key] == nil {
            patch[key] = .null
        }
        if patch.isEmpty { return .none }
        return .some(.object(patch))
    }
}
