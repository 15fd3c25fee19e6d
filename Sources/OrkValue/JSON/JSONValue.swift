/// A JSON document: the one value type shared by the Katalog, templates, rules and the
/// Kubernetes objects the runtime reads and writes.
///
/// Integers and floating-point numbers are kept apart so that `replicas: 3` round-trips as `3`,
/// not `3.0`. Objects are unordered; serialization sorts keys so output is deterministic.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// The value under `key` when this is an object, otherwise nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range, otherwise nil.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, index >= 0, index < items.count else { return nil }
        return items[index]
    }

    /// Follows a path of object keys; an all-digit segment also indexes arrays.
    public func value(at path: some Sequence<String>) -> JSONValue? {
        var current: JSONValue = self
        for segment in path {
            switch current {
            case .object(let fields):
                guard let next = fields[segment] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(segment), index >= 0, index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Follows a dotted path such as `spec.template.replicas` (a leading dot is ignored).
    public func value(atDotted path: String) -> JSONValue? {
        value(at: JSONValue.splitPath(path))
    }

    /// Splits `a.b.c` (or `.a.b.c`) into its segments, dropping empty ones.
    public static func splitPath(_ path: String) -> [String] {
        path.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
    }

    /// Returns a copy with `newValue` stored at `path`, creating intermediate objects.
    /// Fails (returns nil) when a non-object is in the way.
    public func setting(_ newValue: JSONValue, at path: ArraySlice<String>) -> JSONValue? {
        guard let head = path.first else { return newValue }
        let rest = path.dropFirst()
        switch self {
        case .object(var fields):
            let child = fields[head] ?? .object([:])
            guard let updated = child.setting(newValue, at: rest) else { return nil }
            fields[head] = updated
            return .object(fields)
        case .null:
            guard let updated = JSONValue.object([:]).setting(newValue, at: rest) else { return nil }
            return .object([head: updated])
        case .array(var items):
            guard let index = Int(head), index >= 0, index < items.count,
                  let updated = items[index].setting(newValue, at: rest) else { return nil }
            items[index] = updated
            return .array(items)
        default:
            return nil
        }
    }

    /// Returns a copy without the value at `path` (unchanged when absent).
    public func removing(at path: ArraySlice<String>) -> JSONValue {
        guard let head = path.first, case .object(var fields) = self else { return self }
        let rest = path.dropFirst()
        if rest.isEmpty {
            fields.removeValue(forKey: head)
        } else if let child = fields[head] {
            fields[head] = child.removing(at: rest)
        }
        return .object(fields)
    }
}

extension JSONValue {
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    /// The integer value of an `.int`, or of a `.double` with no fractional part that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded() == d, d >= -9.0e18, d <= 9.0e18 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    /// The numeric value of an `.int` or `.double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A short name of the value's type, as used in diagnostics and by the `typeOf` function.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "string"
        case .array: return "list"
        case .object: return "map"
        }
    }

    /// The text a template prints for this value: strings bare, scalars in their usual form,
    /// lists and maps as compact JSON, null as the empty string.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.format(double: d)
        case .string(let s): return s
        case .array, .object: return serialized()
        }
    }

    static func format(double d: Double) -> String {
        if d.isNaN || d.isInfinite { return d.isNaN ? "NaN" : (d > 0 ? "+Inf" : "-Inf") }
        if d.rounded() == d, abs(d) < 1e15 {
            return String(Int64(d))
        }
        return String(d)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var fields: [String: JSONValue] = [:]
        for (key, value) in elements { fields[key] = value }
        self = .object(fields)
    }
}
