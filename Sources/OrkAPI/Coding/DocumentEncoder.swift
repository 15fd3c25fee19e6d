import OrkValue

/// Encodes the API types into a `JSONValue`, which `APIResponse.json` serialises (keys sorted).
///
/// It writes what the contract promises rather than what Foundation's encoder would: an absent
/// optional is a JSON `null` (every documented key is always present), a non-finite number is
/// `null` (JSON has none), and an unsigned counter above `Int.max` is written as `Int.max`.
package enum DocumentEncoder {
    package static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = EncodedNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// The fields of an object-shaped value; an error when it does not encode as an object.
    package static func fields(_ value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let fields) = try encode(value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "not an object"))
        }
        return fields
    }
}

/// One value being built: empty until something is written, then a scalar, an object or an array
/// whose children are nodes themselves (containers hand out nested containers before they fill).
final class EncodedNode {
    enum Content {
        case empty
        case scalar(JSONValue)
        case object([String: EncodedNode])
        case array([EncodedNode])
    }

    var content: Content = .empty

    init() {}
    init(_ scalar: JSONValue) { content = .scalar(scalar) }

    var value: JSONValue {
        switch content {
        case .empty: .object([:])
        case .scalar(let value): value
        case .object(let fields): .object(fields.mapValues(\.value))
        case .array(let items): .array(items.map(\.value))
        }
    }

    /// Makes this node an object (keeping fields already written) and stores `child` under `key`.
    func set(_ key: String, _ child: EncodedNode) {
        var fields: [String: EncodedNode] = [:]
        if case .object(let existing) = content { fields = existing }
        fields[key] = child
        content = .object(fields)
    }

    func becomeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func append(_ child: EncodedNode) {
        var items: [EncodedNode] = []
        if case .array(let existing) = content { items = existing }
        items.append(child)
        content = .array(items)
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    static func number(_ double: Double) -> JSONValue { double.isFinite ? .double(double) : .null }
    static func number<T: BinaryInteger>(_ integer: T) -> JSONValue { .int(Int(clamping: integer)) }
}

struct NodeEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(NodeKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return NodeUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }
}

extension NodeEncoder: SingleValueEncodingContainer {
    func encodeNil() { node.content = .scalar(.null) }
    func encode(_ value: Bool) { node.content = .scalar(.bool(value)) }
    func encode(_ value: String) { node.content = .scalar(.string(value)) }
    func encode(_ value: Double) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: Float) { node.content = .scalar(EncodedNode.number(Double(value))) }
    func encode(_ value: Int) { node.content = .scalar(.int(value)) }
    func encode(_ value: Int8) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: Int16) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: Int32) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: Int64) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: UInt) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: UInt8) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: UInt16) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: UInt32) { node.content = .scalar(EncodedNode.number(value)) }
    func encode(_ value: UInt64) { node.content = .scalar(EncodedNode.number(value)) }
    func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }
}

struct NodeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> NodeEncoder {
        let child = EncodedNode()
        node.set(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }

    private func put(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, EncodedNode(value)) }

    mutating func encodeNil(forKey key: Key) { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) { put(EncodedNode.number(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { put(EncodedNode.number(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: child(key)) }

    // An absent optional is written as null: the contract lists every key in every answer.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { put(value.map(JSONValue.bool) ?? .null, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { put(value.map(JSONValue.string) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) {
        put(value.map { EncodedNode.number(Double($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { put(value.map(JSONValue.int) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) { put(value.map(EncodedNode.number) ?? .null, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return put(.null, key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        node.set("super", child)
        return NodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }
}

struct NodeUnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private func next() -> NodeEncoder {
        let child = EncodedNode()
        let index = node.count
        node.append(child)
        return NodeEncoder(node: child, codingPath: codingPath + [DocumentIndex(intValue: index)])
    }

    mutating func encodeNil() { next().encodeNil() }
    mutating func encode(_ value: Bool) { next().encode(value) }
    mutating func encode(_ value: String) { next().encode(value) }
    mutating func encode(_ value: Double) { next().encode(value) }
    mutating func encode(_ value: Float) { next().encode(value) }
    mutating func encode(_ value: Int) { next().encode(value) }
    mutating func encode(_ value: Int8) { next().encode(value) }
    mutating func encode(_ value: Int16) { next().encode(value) }
    mutating func encode(_ value: Int32) { next().encode(value) }
    mutating func encode(_ value: Int64) { next().encode(value) }
    mutating func encode(_ value: UInt) { next().encode(value) }
    mutating func encode(_ value: UInt8) { next().encode(value) }
    mutating func encode(_ value: UInt16) { next().encode(value) }
    mutating func encode(_ value: UInt32) { next().encode(value) }
    mutating func encode(_ value: UInt64) { next().encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { next() }
}
