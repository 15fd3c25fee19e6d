import OrkValue

/// Reads one protobuf message into a JSON object, field by field, as `ProtobufSchemas` describes it.
struct ProtobufJSONDecoder {
    let schemas: ProtobufSchemas

    func object(_ bytes: ArraySlice<UInt8>, message name: String, depth: Int) throws(ProtobufDecodingError) -> [String: JSONValue] {
        guard depth <= KubernetesProtobuf.maxDepth else { throw .malformed("messages nest deeper than \(KubernetesProtobuf.maxDepth)") }
        guard let message = schemas.messages[name] else { throw .unsupported("message \(name) is not known to the sandbox; send JSON") }
        var object: [String: JSONValue] = [:]
        var reader = ProtobufWireReader(bytes)
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            guard let field = message.fields[number] else {
                // A field newer than the schemas: Go's encoder writes non-pointer fields even when zero,
                // and a zero value says nothing JSON would (omitempty), so it is skipped. Anything else
                // would be lost: refused.
                guard try Self.skipZero(&reader, wireType) else {
                    throw .unsupported("field \(number) of \(name) is newer than the sandbox's Kubernetes 1.20 schemas; send JSON")
                }
                continue
            }
            if field.map {
                guard wireType == .lengthDelimited else { throw .malformed("\(name).\(field.jsonName): a map entry with wire type \(wireType)") }
                let (key, value) = try mapEntry(reader.lengthDelimited(), field: field, in: name, depth: depth)
                var entries = object[field.jsonName]?.objectValue ?? [:]
                entries[key] = value
                object[field.jsonName] = .object(entries)
            } else if field.repeated {
                var items = object[field.jsonName]?.arrayValue ?? []
                if wireType == .lengthDelimited, field.type.isPackable {
                    var packed = ProtobufWireReader(try reader.lengthDelimited())
                    while !packed.isAtEnd {
                        if let item = try value(&packed, wireType: .varint, type: field.type, in: name, depth: depth) { items.append(item) }
                    }
                } else if let item = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth) {
                    items.append(item)
                }
                object[field.jsonName] = .array(items)
            } else if field.inline {
                guard case .message(let inner) = field.type, wireType == .lengthDelimited else {
                    throw .malformed("\(name): inlined field \(number) is not a message")
                }
                for (key, value) in try self.object(reader.lengthDelimited(), message: inner, depth: depth + 1) { object[key] = value }
            } else if let value = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth) {
                if field.keepsZero || !Self.isZeroScalar(value, field.type) {
                    object[field.jsonName] = value
                } else {
                    object[field.jsonName] = nil
                }
            }
        }
        return object
    }

    /// One value; nil for a zero time or an empty raw extension (both omitted from JSON).
    private func value(_ reader: inout ProtobufWireReader, wireType: ProtobufWireReader.WireType, type: ProtobufSchemas.FieldType,
                       in name: String, depth: Int) throws(ProtobufDecodingError) -> JSONValue? {
        let expected: ProtobufWireReader.WireType = type.isPackable ? .varint : .lengthDelimited
        guard wireType == expected else { throw .malformed("\(name): wire type \(wireType) where \(expected) was expected") }
        switch type {
        case .int32: return .int(Int(Int32(truncatingIfNeeded: try reader.varint())))
        case .int64: return .int(Int(Int64(bitPattern: try reader.varint())))
        case .uint32: return .int(Int(UInt32(truncatingIfNeeded: try reader.varint())))
        case .uint64:
            guard let number = Int(exactly: try reader.varint()) else { throw .malformed("\(name): a uint64 beyond the JSON range") }
            return .int(number)
        case .bool: return .bool(try reader.varint() != 0)
        case .string: return .string(try Self.string(reader.lengthDelimited()))
        case .bytes: return .string(Base64.encode(try reader.lengthDelimited()))
        case .time: return try Self.time(reader.lengthDelimited(), microseconds: false)
        case .microTime: return try Self.time(reader.lengthDelimited(), microseconds: true)
        case .rawJSON: return try Self.rawJSON(reader.lengthDelimited())
        case .intOrString: return try Self.intOrString(reader.lengthDelimited())
        case .quantity: return try Self.quantity(reader.lengthDelimited())
        case .message(let inner): return .object(try self.object(reader.lengthDelimited(), message: inner, depth: depth + 1))
        }
    }

    private func mapEntry(_ bytes: ArraySlice<UInt8>, field: ProtobufSchemas.Field, in name: String, depth: Int)
        throws(ProtobufDecodingError) -> (String, JSONValue)
    {
        var reader = ProtobufWireReader(bytes)
        var key = ""
        var entry: JSONValue?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            switch (number, wireType) {
            case (1, .lengthDelimited): key = try Self.string(reader.lengthDelimited())
            case (2, _): entry = try value(&reader, wireType: wireType, type: field.type, in: name, depth: depth)
            default: try reader.skip(wireType)
            }
        }
        return (key, entry ?? Self.zero(of: field.type))
    }

    /// Reads a value of an unknown field; whether it was the zero value (0, false, empty).
    private static func skipZero(_ reader: inout ProtobufWireReader, _ wireType: ProtobufWireReader.WireType)
        throws(ProtobufDecodingError) -> Bool
    {
        switch wireType {
        case .varint: try reader.varint() == 0
        case .fixed64: try reader.fixed(byteCount: 8) == 0
        case .fixed32: try reader.fixed(byteCount: 4) == 0
        case .lengthDelimited: try reader.lengthDelimited().isEmpty
        }
    }

    /// A map value that was not sent: the Go zero value of its type.
    private static func zero(of type: ProtobufSchemas.FieldType) -> JSONValue {
        switch type {
        case .int32, .int64, .uint32, .uint64: .int(0)
        case .bool: .bool(false)
        case .string, .bytes, .quantity: .string("")
        case .time, .microTime, .rawJSON: .null
        case .intOrString: .int(0)
        case .message: .object([:])
        }
    }

    private static func isZeroScalar(_ value: JSONValue, _ type: ProtobufSchemas.FieldType) -> Bool {
        switch (type, value) {
        case (.int32, .int(0)), (.int64, .int(0)), (.uint32, .int(0)), (.uint64, .int(0)), (.bool, .bool(false)): true
        case (.string, .string(let text)), (.bytes, .string(let text)): text.isEmpty
        default: false
        }
    }

    static func string(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed("a string is not valid UTF-8") }
        return text
    }

    /// `meta/v1` Time/MicroTime {1 seconds, 2 nanos}, within the years 0001–9999 as Go allows.
    private static func time(_ bytes: ArraySlice<UInt8>, microseconds: Bool) throws(ProtobufDecodingError) -> JSONValue? {
        var reader = ProtobufWireReader(bytes)
        var seconds: Int64 = 0, nanos: Int32 = 0
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            switch (number, wireType) {
            case (1, .varint): seconds = Int64(bitPattern: try reader.varint())
            case (2, .varint): nanos = Int32(truncatingIfNeeded: try reader.varint())
            default: try reader.skip(wireType)
            }
        }
        if seconds == 0, nanos == 0 { return nil }
        guard seconds >= -62_135_596_800, seconds <= 253_402_300_799, nanos >= 0, nanos < 1_000_000_000 else {
            throw .malformed("a time outside the years 0001-9999")
        }
        let text = SandboxClock.format(epochSeconds: Int(seconds))
        guard microseconds else { return .string(text) }
        let micros = String(nanos / 1000)
        return .string(text.dropLast() + "." + String(repeating: "0", count: 6 - micros.count) + micros + "Z")
    }

    /// `runtime.RawExtension` / `meta/v1` FieldsV1 {1 raw}: JSON bytes.
    private static func rawJSON(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue? {
        var reader = ProtobufWireReader(bytes)
        var raw: ArraySlice<UInt8> = []
        while !reader.isAtEnd {
            let (number, wireType) = try reader.fieldKey()
            if number == 1, wireType == .lengthDelimited { raw = try reader.lengthDelimited() } else { try reader.skip(wireType) }
        }
        if raw.isEmpty { return nil }
        do {
            return try JSONValue.parse(bytes: raw, maxDepth: RequestBodyReader.maxNesting)
        } catch {
            throw .malformed("an embedded object is not JSON: \(error)")
        }
    }

    /// `intstr.IntOrString` {1 type (0 int, 1 string), 2 intVal, 3 strVal}.
    private static func intOrString(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var isString = false, number = 0, text = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            switch (field, wireType) {
            case (1, .varint): isString = try reader.varint() == 1
            case (2, .varint): number = Int(Int32(truncatingIfNeeded: try reader.varint()))
            case (3, .lengthDelimited): text = try string(reader.lengthDelimited())
            default: try reader.skip(wireType)
            }
        }
        return isString ? .string(text) : .int(number)
    }

    /// `resource.Quantity` {1 string}.
    private static func quantity(_ bytes: ArraySlice<UInt8>) throws(ProtobufDecodingError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var text = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            if field == 1, wireType == .lengthDelimited { text = try string(reader.lengthDelimited()) } else { try reader.skip(wireType) }
        }
        return .string(text)
    }
}

extension ProtobufSchemas.FieldType {
    /// Scalars sent as varints (alone, or packed into one length-delimited field when repeated).
    var isPackable: Bool {
        switch self {
        case .int32, .int64, .uint32, .uint64, .bool: true
        default: false
        }
    }
}
