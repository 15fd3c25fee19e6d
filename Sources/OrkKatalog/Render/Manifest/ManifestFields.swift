import OrkValue

/// Typed, validating access to a rendered child's kind-specific fields. Every failure is a
/// `ChildRenderError` naming the field; nothing traps.
struct ManifestFields {
    let fields: [String: JSONValue]

    init(_ fields: [String: JSONValue]) { self.fields = fields }

    func has(_ key: String) -> Bool { fields[key].map { !$0.isNull } ?? false }

    /// A string; nil when absent, null or empty.
    func string(_ key: String) throws(ChildRenderError) -> String? {
        guard let value = fields[key], !value.isNull else { return nil }
        switch value {
        case .string(let s): return s.isEmpty ? nil : s
        case .int, .double, .bool: return value.plainText
        default: throw ChildRenderError(field: key, message: "expected a string, got a \(value.typeName)")
        }
    }

    /// A string that must be present and non-empty.
    func requiredString(_ key: String) throws(ChildRenderError) -> String {
        guard let text = try string(key) else { throw ChildRenderError(field: key, message: "is required and must not be empty") }
        return text
    }

    /// A string from a fixed set, matched case-insensitively and returned in its canonical case.
    func choice(_ key: String, _ allowed: [String]) throws(ChildRenderError) -> String? {
        guard let text = try string(key) else { return nil }
        return try Self.choice(text, allowed, field: key)
    }

    static func choice(_ text: String, _ allowed: [String], field: String) throws(ChildRenderError) -> String {
        if let match = allowed.first(where: { $0.lowercased() == text.lowercased() }) { return match }
        throw ChildRenderError(field: field, message: "\"\(text)\" is not one of \(allowed.joined(separator: ", "))")
    }

    func int(_ key: String, min: Int? = nil, max: Int? = nil) throws(ChildRenderError) -> Int? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let i = value.intValue else {
            throw ChildRenderError(field: key, message: "expected an integer, got \(CompiledChild.describe(value))")
        }
        if let min, i < min { throw ChildRenderError(field: key, message: "\(i) is below the minimum \(min)") }
        if let max, i > max { throw ChildRenderError(field: key, message: "\(i) is above the maximum \(max)") }
        return i
    }

    func bool(_ key: String) throws(ChildRenderError) -> Bool? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let b = value.boolValue else { throw ChildRenderError(field: key, message: "expected true or false") }
        return b
    }

    func port(_ key: String) throws(ChildRenderError) -> Int? {
        try int(key, min: 1, max: 65535)
    }

    func list(_ key: String) throws(ChildRenderError) -> [JSONValue]? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw ChildRenderError(field: key, message: "expected a list, got a \(value.typeName)") }
        return items
    }

    /// A list whose elements are all maps.
    func mapList(_ key: String) throws(ChildRenderError) -> [[String: JSONValue]]? {
        guard let items = try list(key) else { return nil }
        var maps: [[String: JSONValue]] = []
        for (index, item) in items.enumerated() {
            guard let map = item.objectValue else {
                throw ChildRenderError(field: "\(key)[\(index)]", message: "expected a map, got a \(item.typeName)")
            }
            maps.append(map)
        }
        return maps
    }

    func stringList(_ key: String) throws(ChildRenderError) -> [String]? {
        guard let items = try list(key) else { return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .string, .int, .double, .bool: strings.append(item.plainText)
            default: throw ChildRenderError(field: "\(key)[\(index)]", message: "expected a string, got a \(item.typeName)")
            }
        }
        return strings
    }

    func map(_ key: String) throws(ChildRenderError) -> [String: JSONValue]? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let map = value.objectValue else { throw ChildRenderError(field: key, message: "expected a map, got a \(value.typeName)") }
        return map
    }

    func stringMap(_ key: String) throws(ChildRenderError) -> [String: String]? {
        guard let map = try map(key) else { return nil }
        var strings: [String: String] = [:]
        for (name, value) in map {
            switch value {
            case .string, .int, .double, .bool, .null: strings[name] = value.plainText
            default: throw ChildRenderError(field: "\(key).\(name)", message: "expected a string, got a \(value.typeName)")
            }
        }
        return strings
    }

    /// A label map (selectors, pod labels): keys and values must be valid label syntax.
    func labelMap(_ key: String) throws(ChildRenderError) -> [String: String]? {
        guard let map = try stringMap(key) else { return nil }
        try Self.checkLabels(map, field: key)
        return map
    }

    static func checkLabels(_ labels: [String: String], field: String) throws(ChildRenderError) {
        for (name, value) in labels {
            guard KubernetesSyntax.isQualifiedName(name) else {
                throw ChildRenderError(field: "\(field).\(name)", message: "\"\(name)\" is not a valid label key")
            }
            guard KubernetesSyntax.isLabelValue(value) else {
                throw ChildRenderError(field: "\(field).\(name)",
                                       message: "\"\(value)\" is not a valid label value (at most 63 of A-Z a-z 0-9 - _ ., alphanumeric at both ends)")
            }
        }
    }

    /// An int or a string; a string must be a port name (IANA_SVC_NAME) when `portName` is set,
    /// or a percentage when `percent` is set.
    func intOrString(_ key: String, range: ClosedRange<Int>? = nil, portName: Bool = false,
                     percent: Bool = false) throws(ChildRenderError) -> JSONValue? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try Self.intOrString(value, field: key, range: range, portName: portName, percent: percent)
    }

    static func intOrString(_ value: JSONValue, field: String, range: ClosedRange<Int>? = nil, portName: Bool = false,
                            percent: Bool = false) throws(ChildRenderError) -> JSONValue {
        if let i = value.intValue {
            if let range, !range.contains(i) {
                throw ChildRenderError(field: field, message: "\(i) is out of range \(range.lowerBound)…\(range.upperBound)")
            }
            return .int(i)
        }
        guard case .string(let text) = value, !text.isEmpty else {
            throw ChildRenderError(field: field, message: "expected an integer or a string, got \(CompiledChild.describe(value))")
        }
        if let i = Int(text) { return try intOrString(.int(i), field: field, range: range) }
        if portName, !KubernetesSyntax.isPortName(text) {
            throw ChildRenderError(field: field, message: "\"\(text)\" is neither a port number nor a port name")
        }
        if percent {
            guard text.hasSuffix("%"), let n = Int(text.dropLast()), (0...100).contains(n) else {
                throw ChildRenderError(field: field, message: "\"\(text)\" is neither an integer nor a percentage such as 50%")
            }
        }
        return value
    }

    /// A Kubernetes quantity (int or string), returned as a string.
    func quantity(_ key: String) throws(ChildRenderError) -> String? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try Self.quantity(value, field: key)
    }

    static func quantity(_ value: JSONValue, field: String) throws(ChildRenderError) -> String {
        let text: String
        switch value {
        case .int, .double: text = value.plainText
        case .string(let s): text = s.trimmingWhitespace()
        default: throw ChildRenderError(field: field, message: "expected a quantity such as 1Gi or 500m, got a \(value.typeName)")
        }
        guard KubernetesSyntax.isQuantity(text) else {
            throw ChildRenderError(field: field, message: "\"\(text)\" is not a Kubernetes quantity (such as 1Gi, 500m, 2)")
        }
        return text
    }
}
