import OrkValue

/// Decodes the API types from a parsed `JSONValue`, reporting every failure as a
/// `DocumentError` with its JSON path. Integers are checked against the field's type instead of
/// being rejected as "not valid JSON" (`1e300` in an `Int` field is `number out of range at …`);
/// an integral number written as `1.0` or `1e2` is accepted, as Foundation's decoder does.
package struct DocumentDecoder: Decoder {
    package let value: JSONValue
    package let codingPath: [any CodingKey]
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: DocumentDecoder(value))
    }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(DocumentKeyedContainer<Key>(fields: fields, codingPath: codingPath))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return DocumentUnkeyedContainer(items: items, codingPath: codingPath)
    }

    package func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    package func mismatch(_ expected: String) -> DocumentError {
        DocumentError(codingPath, .mismatch(expected: expected, found: DocumentError.kind(value)))
    }
}

extension DocumentDecoder: SingleValueDecodingContainer {
    package func decodeNil() -> Bool { value == .null }

    package func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch("a boolean") }
        return bool
    }

    package func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch("a string") }
        return string
    }

    package func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .int(let int): return Double(int)
        case .double(let double) where double.isFinite: return double
        case .double: throw DocumentError(codingPath, .outOfRange(DocumentError.number(value)))
        default: throw mismatch("a number")
        }
    }

    package func decode(_ type: Float.Type) throws -> Float {
        let double = try decode(Double.self)
        let float = Float(double)
        guard float.isFinite else { throw DocumentError(codingPath, .outOfRange(DocumentError.number(value))) }
        return float
    }

    package func decode(_ type: Int.Type) throws -> Int { try integer() }
    package func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    package func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    package func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    package func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    package func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    package func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    package func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    package func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    package func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    package func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    /// An integer of type `T`: exact, in range, without a fraction.
    package func integer<T: FixedWidthInteger>() throws -> T {
        switch value {
        case .int(let int):
            guard let exact = T(exactly: int) else { throw DocumentError(codingPath, .outOfRange(DocumentError.number(value))) }
            return exact
        case .double(let double):
            guard double.isFinite else { throw DocumentError(codingPath, .outOfRange(DocumentError.number(value))) }
            guard double == double.rounded(.towardZero) else {
                throw DocumentError(codingPath, .notAnInteger(DocumentError.number(value)))
            }
            guard let exact = T(exactly: double) else { throw DocumentError(codingPath, .outOfRange(DocumentError.number(value))) }
            return exact
        default:
            throw mismatch("an integer")
        }
    }
}

/// An object's fields, decoded by key.
struct DocumentKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: JSONValue]
    package let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.keys.sorted().compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    func child(_ key: Key) throws -> DocumentDecoder {
        guard let value = fields[key.stringValue] else { throw DocumentError(codingPath + [key], .missing) }
        return DocumentDecoder(value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: child(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        DocumentDecoder(fields["super"] ?? .null, codingPath: codingPath + [DocumentIndex(stringValue: "super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        DocumentDecoder(fields[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

/// An array's items, decoded in order.
struct DocumentUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    package let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> DocumentDecoder {
        let key = DocumentIndex(intValue: currentIndex)
        guard currentIndex < items.count else { throw DocumentError(codingPath + [key], .missing) }
        defer { currentIndex += 1 }
        return DocumentDecoder(items[currentIndex], codingPath: codingPath + [key])
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// An array index (or a synthetic key) in a coding path.
struct DocumentIndex: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(intValue: Int) {
        self.intValue = intValue
        stringValue = String(intValue)
    }

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
}
