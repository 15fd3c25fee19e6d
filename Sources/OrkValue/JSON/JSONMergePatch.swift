/// RFC 7386 JSON Merge Patch: an object patch merges member by member (`null` deletes a member),
/// anything else (arrays included) replaces the target.
public enum JSONMergePatch {
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchFields) = patch else { return patch }
        var fields: [String: JSONValue]
        if case .object(let existing) = target { fields = existing } else { fields = [:] }
        for (key, value) in patchFields {
            if case .null = value {
                fields.removeValue(forKey: key)
            } else {
                fields[key] = apply(value, to: fields[key] ?? .null)
            }
        }
        return .object(fields)
    }

    /// The merge patch turning `original` into `updated`; nil when they are the same JSON (numbers
    /// compared by value). Objects are diffed key by key (a removed key becomes `null`); any other
    /// difference, including inside lists, replaces the value.
    public static func diff(from original: JSONValue, to updated: JSONValue) -> JSONValue? {
        guard case .object(let before) = original, case .object(let after) = updated else {
            // Not a ternary: `cond ? nil : value` would type as JSONValue and turn nil into `.null`.
            if JSONEquality.sameJSON(original, updated) { return .none }
            return .some(updated)
        }
        var patch: [String: JSONValue] = [:]
        for (key, newValue) in after {
            if let oldValue = before[key] {
                if let change = diff(from: oldValue, to: newValue) { patch[key] = change }
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
