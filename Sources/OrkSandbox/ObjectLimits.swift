import OrkValue

/// Bounds on stored objects, so hostile input (deep nesting, patch amplification) is a 422, never a crash.
enum ObjectLimits {
    static let maxDepth = 200
    static let maxNodes = 2_000_000

    /// Throws when `object` nests deeper than `maxDepth` or has more than `maxNodes` values.
    static func check(_ object: JSONValue, _ resource: SandboxResource, name: String) throws(SandboxError) {
        var nodes = 0
        guard within(object, depth: 0, nodes: &nodes) else {
            throw SandboxError.invalid(resource, name: name, causes: [
                SandboxError.Cause(field: "", reason: "FieldValueTooLong",
                                   message: "the object is too large: at most \(maxDepth) levels of nesting and \(maxNodes) values are stored"),
            ])
        }
    }

    private static func within(_ value: JSONValue, depth: Int, nodes: inout Int) -> Bool {
        nodes += 1
        if depth > maxDepth || nodes > maxNodes { return false }
        switch value {
        case .array(let items):
            for item in items where !within(item, depth: depth + 1, nodes: &nodes) { return false }
        case .object(let fields):
            for item in fields.values where !within(item, depth: depth + 1, nodes: &nodes) { return false }
        default:
            break
        }
        return true
    }
}
