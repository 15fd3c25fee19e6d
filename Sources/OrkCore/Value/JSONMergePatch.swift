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
}
